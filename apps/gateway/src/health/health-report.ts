import type { ProbeResult } from '@moderation/platform';

export type WorkersCheck =
  | { status: 'up'; count: number }
  | { status: 'down'; count: number; error: string };

export interface HealthReport {
  /** `ok` only when every check is up; the HTTP status is 200 then and 503 otherwise. */
  status: 'ok' | 'unavailable';
  checks: { redis: ProbeResult; workers: WorkersCheck };
}
