import type { ModelManifest, ModerationPolicy } from '@moderation/model-manifest';
import type { Verdict, VerdictReason } from '@moderation/contracts';

/** Rounds to 4 decimals, the precision of every score the service returns. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** Numerically stable softmax (the largest logit is subtracted before exponentiating). */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const exps = Array.from(logits, (x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
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

export interface Scored {
  prediction: string;
  score: number;
  scores: Record<string, number>;
  verdict: Verdict;
  reason: VerdictReason | null;
}

/** Turns one row of model output into the top class, every class's probability and the verdict. */
export function scoreOutput(row: ArrayLike<number>, manifest: ModelManifest): Scored {
  const probabilities =
    manifest.output.kind === 'logits' ? softmax(row) : Array.from(row, (p) => Number(p));
  const exact: Record<string, number> = {};
  let top = 0;
  manifest.labels.forEach((label, i) => {
    exact[label] = probabilities[i];
    if (probabilities[i] > probabilities[top]) top = i;
  });
  const scores = Object.fromEntries(Object.entries(exact).map(([label, p]) => [label, round4(p)]));
  return {
    prediction: manifest.labels[top],
    score: round4(probabilities[top]),
    scores,
    // The policy sees exact probabilities: rounding must not move an image across a threshold.
    ...decide(exact, manifest.policy),
  };
}
