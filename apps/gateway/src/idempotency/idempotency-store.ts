import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { withRedisDeadline } from '../errors/redis-deadline';
import {
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  InvalidIdempotencyKeyError,
} from '../errors/gateway-errors';
import { ModerationRedis } from '../moderation/moderation-redis';

/** How long a key and its answer are kept: a client's retries of one request fall within it. */
const keptSeconds = 24 * 3600;
/** How long the first request may take before a retry with its key may try again. */
const pendingSeconds = 60;

interface Entry<T> {
  fingerprint: string;
  answer?: T;
}

/** The Redis commands the store needs: a key set once, read, and dropped. */
export interface KeyValue {
  set(key: string, value: string, ex: 'EX', seconds: number, nx?: 'NX'): Promise<unknown>;
  get(key: string): Promise<string | null>;
  del(key: string): Promise<number>;
}

/** What identifies a request's body: the same key must come with the same one. */
export function fingerprintOf(...parts: (string | undefined)[]): string {
  return createHash('sha256')
    .update(JSON.stringify(parts.map((part) => part ?? null)))
    .digest('hex');
}

/** The key a client sent, or undefined without one; 400 for a key that cannot be one. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header) || !/^[\x21-\x7e]{1,255}$/.test(header)) {
    throw new InvalidIdempotencyKeyError();
  }
  return header;
}

/**
 * Answers a request sent again with the same `Idempotency-Key` (a client's retry after a
 * timeout, a double click) with the first answer, without doing the work again; the same key
 * with another body is refused (422), and while the first is still being answered, 409.
 */
@Injectable()
export class IdempotencyStore {
  private readonly redis: KeyValue;

  constructor(redis: ModerationRedis) {
    this.redis = redis.client as unknown as KeyValue;
  }

  async once<T>(
    scope: string,
    key: string,
    fingerprint: string,
    answer: () => Promise<T>,
  ): Promise<{ answer: T; replayed: boolean }> {
    const redisKey = `idempotency:${scope}:${key}`;
    const pending: Entry<T> = { fingerprint };
    const claimed = await this.withRedis(() =>
      this.redis.set(redisKey, JSON.stringify(pending), 'EX', pendingSeconds, 'NX'),
    );
    if (claimed === null) {
      const raw = await this.withRedis(() => this.redis.get(redisKey));
      const entry = raw === null ? undefined : (JSON.parse(raw) as Entry<T>);
      if (entry && entry.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      if (entry?.answer !== undefined) return { answer: entry.answer, replayed: true };
      throw new IdempotencyInProgressError();
    }
    let result: T;
    try {
      result = await answer();
    } catch (error) {
      // A failure is not an answer to keep: the client's retry does the work again.
      await this.redis.del(redisKey).catch(() => undefined);
      throw error;
    }
    const done: Entry<T> = { fingerprint, answer: result };
    await this.withRedis(() => this.redis.set(redisKey, JSON.stringify(done), 'EX', keptSeconds));
    return { answer: result, replayed: false };
  }

  private withRedis<T>(command: () => Promise<T>): Promise<T> {
    return withRedisDeadline(
      command,
      'The request cannot be made idempotent right now: Redis is unreachable',
    );
  }
}
