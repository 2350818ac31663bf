import type { BackoffStrategy } from 'bullmq';

/** The custom backoff type of the webhook queue's jobs (`defaultJobOptions`). */
export const cappedExponentialBackoff = 'capped-exponential';

/**
 * Waits `baseMs × 2^(attemptsMade - 1)` before the next delivery, never more than `maxMs`: a
 * receiver that is down for a minute gets its event within seconds of coming back, one down for a
 * day is not hammered (BullMQ's own exponential strategy has no cap, and after 30 doublings waits
 * for years). `attemptsMade` counts the attempt that just failed (1 after the first).
 */
export function cappedExponentialDelay(
  attemptsMade: number,
  baseMs: number,
  maxMs: number,
): number {
  const exponent = Math.max(0, attemptsMade - 1);
  // 2^exponent overflows to Infinity for huge attempt counts; min() then gives maxMs.
  return Math.min(baseMs * 2 ** exponent, maxMs);
}

/** The worker's `settings.backoffStrategy` for {@link cappedExponentialBackoff}. */
export function cappedExponentialStrategy(baseMs: number, maxMs: number): BackoffStrategy {
  return (attemptsMade: number) => cappedExponentialDelay(attemptsMade, baseMs, maxMs);
}
