import type { RedisOptions } from 'bullmq';

/**
 * Connection options for a Redis URL. Reconnection is retried forever with a short, capped
 * delay, so a service started before Redis, or cut off from it, recovers within seconds of
 * Redis coming back instead of BullMQ's default back-off of up to 20 s.
 */
export function redisConnectionOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 1000),
  };
}

/** Redacts the password of a Redis URL for logs. */
export function describeRedisUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
