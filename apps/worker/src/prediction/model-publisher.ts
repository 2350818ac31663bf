import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import {
  defaultModelField,
  modelLabelsKey,
  modelPoliciesKey,
  modelRegistryKey,
  QueueName,
  type PredictionQueue,
} from '@moderation/contracts';
import { InferenceService } from '@moderation/inference';
import { WorkerMetrics } from '../metrics/worker-metrics';

/** Republished this often, so a Redis restarted without its data learns the models again. */
const republishMs = 30_000;

/** Tells the gateways, through Redis, which models (and versions) this worker serves. */
@Injectable()
export class ModelPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ModelPublisher.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectQueue(QueueName.Prediction) private readonly predictions: PredictionQueue,
    private readonly inference: InferenceService,
    private readonly metrics: WorkerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    for (const model of this.inference.loadedModels()) {
      this.metrics.modelLoaded.set(
        { model: model.id, version: model.version, default: String(model.default) },
        1,
      );
    }
    void this.publish();
    this.timer = setInterval(() => void this.publish(), republishMs).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async publish(): Promise<void> {
    const models = this.inference.loadedModels();
    const fields: Record<string, string> = {};
    const labels: Record<string, string> = {};
    const policies: Record<string, string> = {};
    for (const model of models) {
      fields[model.id] = model.version;
      labels[model.id] = JSON.stringify(model.labels);
      policies[model.id] = JSON.stringify(this.inference.manifest(model.id).policy);
      if (model.default) fields[defaultModelField] = model.id;
    }
    try {
      const client = await this.predictions.getBackend().client;
      // Labels and policies first: a gateway that sees a model's version may rely on them.
      await client.hset(modelLabelsKey, labels);
      await client.hset(modelPoliciesKey, policies);
      await client.hset(modelRegistryKey, fields);
    } catch (error) {
      this.logger.warn(`could not publish the loaded models: ${String(error)}`);
    }
  }
}
