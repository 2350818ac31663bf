import type { FrameCount, Verdict, VerdictReason } from '@moderation/contracts';
import type { Prediction } from '../prediction/prediction.service';

const verdictText: Record<Verdict, string> = {
  approved: 'Approved: this image may be shown',
  review: 'Needs review: hold this image until someone checks it',
  rejected: 'Rejected: do not show this image',
};

/** What the upload page template shows for one prediction. */
export interface ResultView {
  imageUrl: string;
  filename: string;
  prediction: string;
  score: number;
  percent: string;
  verdict: Verdict;
  verdictText: string;
  /** Which class reached which threshold, in words; absent for results that did not record it. */
  why?: string;
  /** Which frame of an animation or multi-page image decided, in words; absent for one frame. */
  decisiveFrame?: string;
  model: string;
  bars: { label: string; score: number; percent: string; className: string }[];
  labels: string[];
}

/** A probability as people read it: `93.1 %`. */
/** One bar per class, the top class marked, as the result and moderation pages draw them. */
export function scoreBars(
  scores: Record<string, number>,
  top: string,
): { label: string; score: number; percent: string; className: string }[] {
  return Object.keys(scores).map((label) => ({
    label,
    score: scores[label],
    percent: asPercent(scores[label]),
    className: label === top ? 'top' : '',
  }));
}

export function asPercent(probability: number): string {
  return `${(probability * 100).toFixed(1)} %`;
}

function explain(verdict: Verdict, reason: VerdictReason | null | undefined): string | undefined {
  if (verdict === 'approved') return 'No class reached a review or reject threshold.';
  if (!reason) return undefined;
  const kind = verdict === 'rejected' ? 'reject' : 'review';
  return `${reason.label} is ${asPercent(reason.score)}, at or above its ${kind} threshold of ${asPercent(reason.threshold)}.`;
}

/** `Frame 14 of 40 decided` for an animation (counted from 1, as people count); else undefined. */
function decisiveFrame(frames: FrameCount | undefined): string | undefined {
  if (!frames || frames.total <= 1) return undefined;
  return `Frame ${frames.decisive + 1} of ${frames.total} decided`;
}

export function resultView(prediction: Prediction): ResultView {
  const labels = Object.keys(prediction.scores);
  return {
    imageUrl: `/uploads/${prediction.storedName}`,
    filename: prediction.storedName,
    prediction: prediction.prediction,
    score: prediction.score,
    percent: asPercent(prediction.score),
    verdict: prediction.verdict,
    verdictText: verdictText[prediction.verdict],
    why: explain(prediction.verdict, prediction.reason),
    decisiveFrame: decisiveFrame(prediction.frames),
    model: prediction.model.id,
    bars: scoreBars(prediction.scores, prediction.prediction),
    labels,
  };
}
