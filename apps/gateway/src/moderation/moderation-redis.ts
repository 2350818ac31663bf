import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { redisConnectionOptions, reportRedisErrors } from '@moderation/platform';
import { GatewayEnv } from '../config/gateway-env';

/**
 * The moderation records' own Redis connection: they need plain commands (SET with expiry,
 * transactions) that BullMQ's client interface does not offer.
 */
@Injectable()
export class ModerationRedis implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(env: GatewayEnv) {
    this.client = new Redis({
      ...redisConnectionOptions(env.REDIS_URL),
      connectionName: 'moderation',
    });
    reportRedisErrors(this.client, new Logger(ModerationRedis.name), ModerationRedis.name);
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}
