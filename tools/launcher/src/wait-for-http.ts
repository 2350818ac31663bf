import { setTimeout as sleep } from 'node:timers/promises';

/** How a health URL stood when the wait ended. */
export type HealthWait =
  | { state: 'healthy' }
  /** It answers, but not 2xx: `body` says what is missing (Redis, a worker). */
  | { state: 'unhealthy'; status: number; body: string }
  | { state: 'silent' };

/**
 * Polls a health URL until it answers 2xx, or the time is up, or `keepWaiting` says there is no
 * point any more. A service is ready when it can answer requests, not when it first answers: the
 * gateway listens before a worker has loaded its models.
 */
export async function waitForHealthy(
  url: string,
  timeoutMs: number,
  keepWaiting: () => boolean = () => true,
  onUnhealthy: (status: number, body: string) => void = () => undefined,
): Promise<HealthWait> {
  const deadline = Date.now() + timeoutMs;
  let last: HealthWait = { state: 'silent' };
  while (Date.now() < deadline && keepWaiting()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) {
        await response.body?.cancel();
        return { state: 'healthy' };
      }
      last = { state: 'unhealthy', status: response.status, body: await response.text() };
      onUnhealthy(last.status, last.body);
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  return last;
}

/**
 * What a health answer says is missing, in a few words: the checks that are not up, with their
 * errors (`redis: connect ECONNREFUSED …; workers: no worker is consuming …`).
 */
export function missingChecks(body: string): string {
  try {
    const report = JSON.parse(body) as {
      checks?: Record<string, { status?: string; error?: string }>;
    };
    const down = Object.entries(report.checks ?? {}).filter(([, check]) => check.status !== 'up');
    if (down.length > 0) {
      return down.map(([name, check]) => `${name}: ${check.error ?? check.status}`).join('; ');
    }
  } catch {
    // Not the health report: quoted as it is below.
  }
  return body.slice(0, 200);
}
