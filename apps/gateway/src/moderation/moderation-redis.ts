import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { redisConnectionOptions, reportRedisErrors } from '@moderation/platform';
import { GatewayEnv } from '../config/gateway-env';

/**
 * Saves a new moderation in one command, atomically: its record and the upload's latest
 * moderation, both expiring after the retention; its day's count for its verdict, kept longer.
 * Every answered photo saves one, so one script call instead of a five-command transaction
 * (MULTI, four commands, EXEC) is a cost each prediction no longer pays in the gateway.
 */
const saveModerationScript = `
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
redis.call('HINCRBY', KEYS[3], ARGV[4], 1)
redis.call('EXPIRE', KEYS[3], ARGV[5])
`;

type SaveModeration = (
  recordKey: string,
  latestKey: string,
  verdictsKey: string,
  record: string,
  id: string,
  ttlSeconds: number,
  verdict: string,
  verdictsTtlSeconds: number,
) => Promise<unknown>;

/**
 * The moderation records' own Redis connection: they need plain commands (SET with expiry,
 * transactions, a script) that BullMQ's client interface does not offer.
 */
@Injectable()
export class ModerationRedis implements OnApplicationShutdown {
  readonly client: Redis;
  /** Runs {@link saveModerationScript} (by its hash once Redis knows it). */
  readonly saveModeration: SaveModeration;

  constructor(env: GatewayEnv) {
    this.client = new Redis({
      ...redisConnectionOptions(env.REDIS_URL),
      connectionName: 'moderation',
    });
    reportRedisErrors(this.client, new Logger(ModerationRedis.name), ModerationRedis.name);
    this.client.defineCommand('saveModeration', { numberOfKeys: 3, lua: saveModerationScript });
    const client = this.client as Redis & { saveModeration: SaveModeration };
    this.saveModeration = (...args) => client.saveModeration(...args);
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}
