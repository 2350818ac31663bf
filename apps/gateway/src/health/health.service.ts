import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { QueueName, type PredictionQueue } from '@moderation/contracts';
import { RedisProbe, within } from '@moderation/platform';
import type { HealthReport, WorkersCheck } from './health-report';

/** How long one check may take: a health endpoint that hangs is worse than one that says no. */
const checkTimeoutMs = 1000;

@Injectable()
export class HealthService {
  constructor(
    private readonly probe: RedisProbe,
    @InjectQueue(QueueName.Prediction) private readonly predictions: PredictionQueue,
  ) {}

  async report(): Promise<HealthReport> {
    const redis = await this.probe.ping(checkTimeoutMs);
    const workers: WorkersCheck =
      redis.status === 'up'
        ? await this.countWorkers()
        : { status: 'down', count: 0, error: 'Redis is unreachable' };
    const healthy = redis.status === 'up' && workers.status === 'up';
    return { status: healthy ? 'ok' : 'unavailable', checks: { redis, workers } };
  }

  /** Workers connected to the prediction queue, as BullMQ lists them from Redis's client list. */
  private async countWorkers(): Promise<WorkersCheck> {
    try {
      const count = await within(checkTimeoutMs, this.predictions.getWorkersCount());
      return count > 0
        ? { status: 'up', count }
        : {
            status: 'down',
            count,
            error: `no worker is consuming the ${QueueName.Prediction} queue`,
          };
    } catch (error) {
      return {
        status: 'down',
        count: 0,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
