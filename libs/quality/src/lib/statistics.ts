/** The 97.5 % quantile of the standard normal distribution: a two-sided 95 % interval. */
export const z95 = 1.959963984540054;

/**
 * The `q` quantile (0 ≤ q ≤ 1) of the values, interpolating linearly between the two nearest
 * ranks (Hyndman and Fan's type 7: the default of R, NumPy and spreadsheets' PERCENTILE.INC),
 * so the median of an even count is the mean of the middle two. Null without values.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const below = Math.floor(h);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
}

/** A proportion with its 95 % Wilson score interval. */
export interface Proportion {
  /** How many were counted. */
  n: number;
  /** How many of them had the property. */
  k: number;
  /** k / n; null when n is 0. */
  share: number | null;
  low: number | null;
  high: number | null;
}

/**
 * k out of n with its Wilson score interval, which, unlike the normal approximation, stays
 * inside [0, 1] and is still meaningful for a handful of samples or a share near 0 (the usual
 * case for unsafe photos among approvals):
 * (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n).
 */
export function wilsonInterval(k: number, n: number, z = z95): Proportion {
  if (n === 0) return { n, k, share: null, low: null, high: null };
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { n, k, share: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** a / b, or null when b is 0 (a ratio of nothing is unknown, not 0). */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}
