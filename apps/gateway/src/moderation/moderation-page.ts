import { rejectReasons, type Moderation, type ReviewCause } from '@moderation/contracts';
import { asPercent } from '../pages/upload-page';

/** What a moderator reads about why a photo is in front of them. */
export function causeText(cause: ReviewCause): string {
  switch (cause.kind) {
    case 'threshold':
      return `The model doubts it: ${cause.label} is ${asPercent(cause.score)}, at or above its review threshold of ${asPercent(cause.threshold)}.`;
    case 'sample':
      return `A random check: the model approved it, and ${asPercent(cause.rate)} of approvals are looked at by a person.`;
    case 'report': {
      const says = cause.correctLabel ? ` They say it is ${cause.correctLabel}.` : '';
      const comment = cause.comment ? ` Their comment: “${cause.comment}”.` : '';
      return `A user reported the answer as wrong.${says}${comment}`;
    }
  }
}

const reasonText: Record<(typeof rejectReasons)[number], string> = {
  nudity: 'Nudity',
  sexual: 'Sexual content',
  violence: 'Violence or gore',
  hateful: 'Hateful symbols or text',
  'not-the-product': 'Not a photo of the product',
  'personal-data': 'Personal data (faces, documents, addresses)',
  other: 'Other (say why below)',
};

/** Messages after an action, by the `done` query value the page redirects with. */
const doneText: Record<string, string> = {
  approve: 'Approved. Here is the next photo.',
  reject: 'Rejected. Here is the next photo.',
  skip: 'Skipped: it goes back to the queue. Here is the next photo.',
  gone: 'That photo was decided by someone else or went back to the queue. Here is the next one.',
};

export interface ModerationPageView {
  title: string;
  /** How long the item stays locked without a renewal; the page's script renews it. */
  lockSeconds?: number;
  waiting: number;
  decidedToday: number;
  notice?: string;
  item?: {
    id: string;
    imageUrl: string;
    cause: string;
    causeKind: ReviewCause['kind'];
    reference?: string;
    model: string;
    prediction: string;
    percent: string;
    verdict: string;
    bars: { label: string; percent: string; score: number; className: string }[];
    labels: string[];
  };
  reasons: { value: string; text: string }[];
}

/** The moderation page for the item in front of a moderator (none when the queue is empty). */
export function moderationPageView(
  moderation: Moderation | undefined,
  counts: { waiting: number; decidedToday: number },
  done?: string,
  lockSeconds?: number,
): ModerationPageView {
  const reasons = rejectReasons.map((value) => ({ value, text: reasonText[value] }));
  const notice = done === undefined ? undefined : doneText[done];
  if (!moderation?.review) {
    return { title: 'Review queue', ...counts, reasons, ...(notice ? { notice } : {}) };
  }
  const { classification } = moderation;
  const labels = Object.keys(classification.scores);
  return {
    title: 'Review a photo',
    ...(lockSeconds ? { lockSeconds } : {}),
    ...counts,
    reasons,
    ...(notice ? { notice } : {}),
    item: {
      id: moderation.id,
      imageUrl: `/uploads/${moderation.storedName}`,
      cause: causeText(moderation.review.cause),
      causeKind: moderation.review.cause.kind,
      ...(moderation.reference ? { reference: moderation.reference } : {}),
      model: `${classification.model.id} ${classification.model.version}`,
      prediction: classification.prediction,
      percent: asPercent(classification.score),
      verdict: classification.verdict,
      bars: labels.map((label) => ({
        label,
        score: classification.scores[label],
        percent: asPercent(classification.scores[label]),
        className: label === classification.prediction ? 'top' : '',
      })),
      labels,
    },
  };
}
