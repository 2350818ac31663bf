import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import { QueueName } from '@moderation/contracts';
import { redisConnectionOptions, reportRedisErrors } from '@moderation/platform';
import { GatewayEnv } from '../config/gateway-env';

/**
 * The one `QueueEvents` of this process for the prediction queue: every waiting request listens
 * on it for its own job's `completed:<id>` / `failed:<id>`, instead of opening a Redis
 * subscription per request.
 */
@Injectable()
export class PredictionEvents implements OnModuleInit, OnApplicationShutdown {
  readonly events: QueueEvents;

  constructor(env: GatewayEnv) {
    this.events = new QueueEvents(QueueName.Prediction, {
      connection: redisConnectionOptions(env.REDIS_URL),
    });
    // One listener pair per waiting request, each on its own event name; hundreds may wait.
    this.events.setMaxListeners(0);
  }

  onModuleInit(): void {
    reportRedisErrors(this.events, new Logger(PredictionEvents.name), 'prediction events');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.events.close();
  }
}
