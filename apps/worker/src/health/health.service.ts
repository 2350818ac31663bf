import { Inject, Injectable } from '@nestjs/common';
import { QueueName } from '@moderation/contracts';
import { RedisProbe, type ProbeResult } from '@moderation/platform';
import { InferenceService } from '@moderation/inference';
import { consumerToken } from '../queues/consumer.provider';
import type { QueueConsumer } from '../queues/queue-consumer';
import { BatchStats } from './batch-stats';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: {
    redis: ProbeResult;
    models: { status: 'up' | 'down'; loaded: { id: string; version: string; default: boolean }[] };
    consumer: { status: 'up' | 'down'; concurrency: number };
  };
  /** Batches run since start: how well dynamic batching groups concurrent jobs. */
  inference: { batches: number; images: number; largestBatch: number };
}

/** Answers whether this worker process can do its job: Redis reachable, a model loaded, consuming. */
@Injectable()
export class HealthService {
  constructor(
    private readonly probe: RedisProbe,
    private readonly inference: InferenceService,
    @Inject(consumerToken(QueueName.Prediction))
    private readonly predictions: QueueConsumer<QueueName.Prediction>,
    private readonly batches: BatchStats,
  ) {}

  async report(): Promise<HealthReport> {
    const redis = await this.probe.ping();
    const loaded = this.inference.loadedModels();
    const worker = this.predictions.worker;
    const checks: HealthReport['checks'] = {
      redis,
      models: { status: loaded.length > 0 ? 'up' : 'down', loaded },
      consumer: { status: worker.isRunning() ? 'up' : 'down', concurrency: worker.concurrency },
    };
    const healthy = Object.values(checks).every((check) => check.status === 'up');
    const { batches, images, largest } = this.batches;
    return {
      status: healthy ? 'ok' : 'unavailable',
      checks,
      inference: { batches, images, largestBatch: largest },
    };
  }
}
