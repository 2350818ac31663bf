import { Injectable } from '@nestjs/common';
import { ServiceUnavailableError } from '../errors/gateway-errors';
import { HealthService } from './health.service';

/** A good health report is trusted this long, so a busy gateway does not ask Redis on every request. */
const trustHealthyMs = 1000;

/**
 * Fails a request at once (503) when nothing could answer it: Redis unreachable or no worker
 * consuming predictions. Without it, the request would wait the whole prediction timeout.
 */
@Injectable()
export class ServiceAvailability {
  private healthyUntil = 0;

  constructor(private readonly health: HealthService) {}

  async assertAvailable(): Promise<void> {
    if (Date.now() < this.healthyUntil) return;
    const { status, checks } = await this.health.report();
    if (status === 'ok') {
      this.healthyUntil = Date.now() + trustHealthyMs;
      return;
    }
    const reason =
      checks.redis.status === 'down'
        ? 'Redis is unreachable'
        : checks.workers.status === 'down'
          ? checks.workers.error
          : 'unavailable';
    throw new ServiceUnavailableError(`The service cannot classify right now: ${reason}`);
  }

  /** Forgets the last good report, e.g. after Redis refused a command. */
  distrust(): void {
    this.healthyUntil = 0;
  }
}
