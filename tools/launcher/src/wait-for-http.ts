import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls a URL until it answers at all (any status), or the time is up, or `keepWaiting` says
 * there is no point any more.
 */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  keepWaiting: () => boolean = () => true,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && keepWaiting()) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return true;
    } catch {
      await sleep(250);
    }
  }
  return false;
}
