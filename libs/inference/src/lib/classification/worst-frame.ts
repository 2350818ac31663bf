import type { ModerationPolicy } from '@moderation/model-manifest';
import type { Verdict } from '@moderation/contracts';
import type { Scored } from './scores';

const severity: Record<Verdict, number> = { approved: 0, review: 1, rejected: 2 };

/**
 * How unsafe one frame looks under a policy: the exact probability of the class that decided its
 * verdict, else (an approval) the highest probability among the classes the policy names. 0 for a
 * policy that names no class.
 */
export function unsafeScore(frame: Scored, policy: ModerationPolicy): number {
  if (frame.reason) return frame.probabilities[frame.reason.label] ?? frame.reason.score;
  const watched = new Set([...Object.keys(policy.reject), ...Object.keys(policy.review)]);
  let highest = 0;
  for (const label of watched) highest = Math.max(highest, frame.probabilities[label] ?? 0);
  return highest;
}

/**
 * The position of the frame that decides an animation's verdict: the worst verdict (rejected >
 * review > approved), then the highest {@link unsafeScore}; the earliest frame among equals, so
 * identical frames are decided by the first.
 */
export function worstFrame(frames: readonly Scored[], policy: ModerationPolicy): number {
  if (frames.length === 0) throw new RangeError('no frame to choose from');
  let worst = 0;
  let worstScore = unsafeScore(frames[0], policy);
  for (let i = 1; i < frames.length; i++) {
    const score = unsafeScore(frames[i], policy);
    const bySeverity = severity[frames[i].verdict] - severity[frames[worst].verdict];
    if (bySeverity > 0 || (bySeverity === 0 && score > worstScore)) {
      worst = i;
      worstScore = score;
    }
  }
  return worst;
}
