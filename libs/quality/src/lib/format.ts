/**
 * How the CLI and the gateway's page write the numbers, so both say the same thing: shares as
 * percentages with one decimal, durations in the largest unit that keeps them short, and a dash
 * for a number that is not known (a ratio of nothing).
 */
export const unknown = '–';

export function formatPercent(value: number | null, digits = 1): string {
  return value === null ? unknown : `${(value * 100).toFixed(digits)} %`;
}

/** 850 ms, 4.0 s, 1 min 23 s, 2 h 05 min. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return unknown;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A score as the service writes it (at most 4 decimals), or a dash. */
export function formatScore(value: number | null): string {
  return value === null ? unknown : String(Math.round(value * 10_000) / 10_000);
}
