import { Injectable } from '@nestjs/common';
import type { Moderation } from '@moderation/contracts';
import { GatewayEnv } from '../config/gateway-env';
import { ModerationRedis } from './moderation-redis';

const recordKey = (id: string) => `moderation:record:${id}`;
/** The latest moderation of an upload, so a user's report about a photo finds it. */
const latestKey = (storedName: string) => `moderation:latest:${storedName}`;

/** Photos of one day (UTC) by the model's verdict, kept a little over a year. */
const verdictsKey = (at: string) => `moderation:verdicts:${at.slice(0, 10)}`;
const verdictDaysKept = 400;

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
    this.ttlSeconds = env.retentionSeconds;
  }

  /** Saves a new moderation and counts it toward its day's photos by the model's verdict. */
  async save(moderation: Moderation): Promise<void> {
    const day = verdictsKey(moderation.createdAt);
    await this.redis.saveModeration(
      recordKey(moderation.id),
      latestKey(moderation.storedName),
      day,
      JSON.stringify(moderation),
      moderation.id,
      this.ttlSeconds,
      moderation.classification.verdict,
      verdictDaysKept * 24 * 3600,
    );
  }

  /**
   * Photos per day (UTC) by the model's verdict, for the last `days` days up to `until`, oldest
   * first; a day without photos has no counts.
   */
  async verdictsPerDay(
    days: number,
    until = new Date(),
  ): Promise<{ day: string; counts: Record<string, number> }[]> {
    const dates = Array.from({ length: days }, (_, i) =>
      new Date(until.getTime() - (days - 1 - i) * 24 * 3600 * 1000).toISOString(),
    );
    const pipeline = this.redis.client.pipeline();
    for (const date of dates) pipeline.hgetall(verdictsKey(date));
    const results = (await pipeline.exec()) ?? [];
    return dates.map((date, i) => {
      const raw = (results[i]?.[1] ?? {}) as Record<string, string>;
      return {
        day: date.slice(0, 10),
        counts: Object.fromEntries(Object.entries(raw).map(([verdict, n]) => [verdict, Number(n)])),
      };
    });
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
