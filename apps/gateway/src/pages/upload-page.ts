import type { Verdict } from '@moderation/contracts';
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
  verdict: Verdict;
  verdictText: string;
  model: string;
  bars: { label: string; score: number; percent: string; className: string }[];
  labels: string[];
}

export function resultView(prediction: Prediction): ResultView {
  const labels = Object.keys(prediction.scores);
  return {
    imageUrl: `/uploads/${prediction.storedName}`,
    filename: prediction.storedName,
    prediction: prediction.prediction,
    score: prediction.score,
    verdict: prediction.verdict,
    verdictText: verdictText[prediction.verdict],
    model: prediction.model.id,
    bars: labels.map((label) => ({
      label,
      score: prediction.scores[label],
      percent: (prediction.scores[label] * 100).toFixed(1),
      className: label === prediction.prediction ? 'top' : '',
    })),
    labels,
  };
}
