import { Injectable } from '@nestjs/common';
import type { Moderation } from '@moderation/contracts';
import { GatewayEnv } from '../config/gateway-env';
import { ModerationRedis } from './moderation-redis';

const recordKey = (id: string) => `moderation:record:${id}`;
/** The latest moderation of an upload, so a user's report about a photo finds it. */
const latestKey = (storedName: string) => `moderation:latest:${storedName}`;

const dailyKey = (moderator: string, at: string) =>
  `moderation:decided:${moderator}:${at.slice(0, 10)}`;

/** Moderations as JSON in Redis, kept for `MODERATION_RETENTION_DAYS` from their last change. */
@Injectable()
export class ModerationStore {
  private readonly ttlSeconds: number;

  constructor(
    private readonly redis: ModerationRedis,
    env: GatewayEnv,
  ) {
    this.ttlSeconds = env.MODERATION_RETENTION_DAYS * 24 * 3600;
  }

  async save(moderation: Moderation): Promise<void> {
    const client = this.redis.client;
    await client
      .multi()
      .set(recordKey(moderation.id), JSON.stringify(moderation), 'EX', this.ttlSeconds)
      .set(latestKey(moderation.storedName), moderation.id, 'EX', this.ttlSeconds)
      .exec();
  }

  /** Replaces a moderation that exists; false when it does not (expired or never made). */
  async update(moderation: Moderation): Promise<boolean> {
    const client = this.redis.client;
    const stored = await client.set(
      recordKey(moderation.id),
      JSON.stringify(moderation),
      'EX',
      this.ttlSeconds,
      'XX',
    );
    return stored === 'OK';
  }

  async find(id: string): Promise<Moderation | undefined> {
    const client = this.redis.client;
    const raw = await client.get(recordKey(id));
    return raw === null ? undefined : (JSON.parse(raw) as Moderation);
  }

  /** Counts a decision toward its moderator's day (UTC); returns the day's count. */
  async countDecision(moderator: string, decidedAt: string): Promise<number> {
    const key = dailyKey(moderator, decidedAt);
    const [[, count]] = (await this.redis.client
      .multi()
      .incr(key)
      .expire(key, 2 * 24 * 3600)
      .exec()) as [[Error | null, number]];
    return count;
  }

  /** Decisions a moderator made on the day (UTC) of `at`. */
  async decisionsOn(moderator: string, at: string): Promise<number> {
    return Number((await this.redis.client.get(dailyKey(moderator, at))) ?? 0);
  }

  async latestOf(storedName: string): Promise<Moderation | undefined> {
    const client = this.redis.client;
    const id = await client.get(latestKey(storedName));
    return id === null ? undefined : this.find(id);
  }
}
