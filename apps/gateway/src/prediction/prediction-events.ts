import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { EventEmitter } from 'node:events';
import { QueueEvents } from 'bullmq';
import { QueueName } from '@moderation/contracts';
import { RedisProbe, redisConnectionOptions, reportRedisErrors } from '@moderation/platform';
import { GatewayEnv } from '../config/gateway-env';
import { ConnectionLoss } from './connection-loss';
import { expectJob, type ExpectedJob, type FinishedJob } from './expected-job';

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
  private readonly loss = new ConnectionLoss();
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
      .client.then((client) => client.on('close', () => this.loss.signal()))
      .catch(() => undefined);
  }

  /** See {@link expectJob}: waits on this process's subscription for a job about to be added. */
  expectNew(
    jobId: string,
    timeoutMs: number,
    finished: () => Promise<FinishedJob | undefined>,
  ): ExpectedJob {
    // QueueEvents emits each job's events under `<event>:<jobId>` too, names its types omit.
    return expectJob(this.events as unknown as EventEmitter, jobId, timeoutMs, finished);
  }

  /**
   * The outcome of waiting on a job, or a `RedisConnectionLostError` as soon as the
   * subscription's connection drops: no completion event can arrive then, so the request fails
   * at once (and its client retries) instead of waiting out its timeout.
   */
  whileConnected<T>(waiting: Promise<T>): Promise<T> {
    return this.loss.race(waiting);
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
