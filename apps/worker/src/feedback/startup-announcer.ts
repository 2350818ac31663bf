import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { QueueName, type FeedbackQueue } from '@moderation/contracts';
import { InferenceService } from '@moderation/inference';
import { queueStartupRecord } from '@moderation/platform';

/**
 * Queues a record of this worker's start (its models, versions and thresholds) for the audit
 * log, once the models are loaded.
 */
@Injectable()
export class StartupAnnouncer implements OnApplicationBootstrap {
  private readonly logger = new Logger(StartupAnnouncer.name);

  constructor(
    @InjectQueue(QueueName.Feedback) private readonly feedback: FeedbackQueue,
    private readonly inference: InferenceService,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the worker takes jobs without waiting for Redis to answer this.
    void this.announce();
  }

  /** Never throws: see {@link queueStartupRecord}. */
  announce(): Promise<void> {
    const models = this.inference.loadedModels().map((model) => ({
      id: model.id,
      version: model.version,
      default: model.default,
      thresholds: this.inference.manifest(model.id).policy,
    }));
    return queueStartupRecord(this.feedback, { models }, this.logger);
  }
}
