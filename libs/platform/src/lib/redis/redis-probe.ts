import type { OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { within } from '../async/within';
import { redisConnectionOptions } from './redis-connection';

export type ProbeResult = { status: 'up' } | { status: 'down'; error: string };

/**
 * A dedicated connection for health checks. Its offline queue is off, so while Redis is
 * unreachable a ping fails at once instead of waiting for the reconnection.
 */
export class RedisProbe implements OnApplicationShutdown {
  private readonly client: Redis;

  constructor(url: string) {
    this.client = new Redis({
      ...redisConnectionOptions(url),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectionName: 'health-probe',
    });
    // Connection errors are reported through ping(); without a listener ioredis prints each one.
    this.client.on('error', () => undefined);
  }

  async ping(timeoutMs = 1000): Promise<ProbeResult> {
    try {
      await within(timeoutMs, this.client.ping());
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: error instanceof Error ? error.message : String(error) };
    }
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}
