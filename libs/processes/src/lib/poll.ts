import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Calls `probe` until `accept` approves its result, and returns that result; throws with the
 * last result seen when the time is up. For waiting on processes, never on fixed sleeps.
 */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 15_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  const seen = last === undefined ? String(lastError) : JSON.stringify(last);
  throw new Error(`condition not met within ${timeoutMs} ms; last seen: ${seen}`);
}
