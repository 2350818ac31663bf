import type { Verdict, VerdictReason } from '@moderation/contracts';
import type { ModerationPolicy } from '../model-manifest';

/** Rounds to 4 decimals, the precision of every score the service returns. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** `rejected` if any reject threshold is reached, else `review` if any review threshold is, else `approved`. */
export function verdictFor(
  probabilities: Record<string, number>,
  policy: ModerationPolicy,
): Verdict {
  return decide(probabilities, policy).verdict;
}

/**
 * The verdict and the threshold that decided it: among the thresholds of the strictest kind
 * reached, the one passed by the widest margin (the clearest reason to give a person).
 */
export function decide(
  probabilities: Record<string, number>,
  policy: ModerationPolicy,
): { verdict: Verdict; reason: VerdictReason | null } {
  const reached = (thresholds: Record<string, number>): VerdictReason | null => {
    let best: VerdictReason | null = null;
    for (const [label, threshold] of Object.entries(thresholds)) {
      const score = probabilities[label] ?? 0;
      if (score < threshold) continue;
      if (!best || score - threshold > best.score - best.threshold) {
        best = { label, score, threshold };
      }
    }
    return best && { ...best, score: round4(best.score) };
  };
  const rejectedBy = reached(policy.reject);
  if (rejectedBy) return { verdict: 'rejected', reason: rejectedBy };
  const reviewBy = reached(policy.review);
  if (reviewBy) return { verdict: 'review', reason: reviewBy };
  return { verdict: 'approved', reason: null };
}
