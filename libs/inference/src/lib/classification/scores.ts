import { decide, round4, type ModelManifest } from '@moderation/model-manifest';
import type { Verdict, VerdictReason } from '@moderation/contracts';

export { decide, round4, verdictFor } from '@moderation/model-manifest';

/** Numerically stable softmax (the largest logit is subtracted before exponentiating). */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const exps = Array.from(logits, (x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export interface Scored {
  prediction: string;
  score: number;
  scores: Record<string, number>;
  verdict: Verdict;
  reason: VerdictReason | null;
  /**
   * Every class's exact probability, unrounded: a policy applied later (the gateway's, to a
   * reused result) must decide on the same numbers as the worker did.
   */
  probabilities: Record<string, number>;
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
    probabilities: exact,
    // The policy sees exact probabilities: rounding must not move an image across a threshold.
    ...decide(exact, manifest.policy),
  };
}
