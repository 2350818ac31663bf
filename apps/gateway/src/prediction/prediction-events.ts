import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import { QueueName } from '@moderation/contracts';
import { RedisProbe, redisConnectionOptions, reportRedisErrors } from '@moderation/platform';
import { GatewayEnv } from '../config/gateway-env';

/** The subscription to job events lost its Redis connection. */
export class RedisConnectionLostError extends Error {
  constructor() {
    super('the Redis connection of the prediction events dropped');
    this.name = 'RedisConnectionLostError';
  }
}

/**
 * The one `QueueEvents` of this process for the prediction queue: every waiting request listens
 * on it for its own job's `completed:<id>` / `failed:<id>`, instead of opening a Redis
 * subscription per request.
 */
@Injectable()
export class PredictionEvents
  implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown
{
  readonly events: QueueEvents;
  private failWaiting: (error: Error) => void = () => undefined;
  private lost = this.nextLoss();
  private dropped = false;

  constructor(
    env: GatewayEnv,
    private readonly redis: RedisProbe,
  ) {
    this.events = new QueueEvents(QueueName.Prediction, {
      connection: redisConnectionOptions(env.REDIS_URL),
    });
    // One listener pair per waiting request, each on its own event name; hundreds may wait.
    this.events.setMaxListeners(0);
  }

  onModuleInit(): void {
    reportRedisErrors(this.events, new Logger(PredictionEvents.name), 'prediction events');
    // Resolves once Redis is first reachable, which may be after start-up.
    void this.events
      .getBackend()
      .client.then((client) => client.on('close', () => this.dropConnection()))
      .catch(() => undefined);
  }

  /**
   * Rejects when the subscription's Redis connection drops. No completion event can arrive
   * then, so a waiting request fails at once (and its client retries) instead of waiting out
   * its timeout.
   */
  connectionLost(): Promise<never> {
    return this.lost;
  }

  private dropConnection(): void {
    this.failWaiting(new RedisConnectionLostError());
    this.lost = this.nextLoss();
  }

  private nextLoss(): Promise<never> {
    const loss = new Promise<never>((_, reject) => (this.failWaiting = reject));
    // Nobody may be waiting when the connection drops.
    loss.catch(() => undefined);
    return loss;
  }

  /**
   * Without Redis, closing the subscription gracefully never completes (nor does awaiting the
   * disconnect): the connection is dropped without waiting, and not closed again.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if ((await this.redis.ping()).status === 'down') {
      this.dropped = true;
      this.events.disconnect().catch(() => undefined);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.dropped) await this.events.close();
  }
}
