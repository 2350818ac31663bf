import {
  frameThumbnailName,
  rejectReasons,
  type FrameCount,
  type Moderation,
  type ReviewCause,
} from '@moderation/contracts';
import { asPercent, scoreBars } from '../pages/upload-page';

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
    frameStrip?: FrameStripView;
  };
  reasons: { value: string; text: string }[];
}

/** Every classified frame of an animation side by side, the decisive one marked. */
export interface FrameStripView {
  summary: string;
  frames: {
    url: string;
    alt: string;
    caption: string;
    decisive: boolean;
    className: string;
  }[];
}

/**
 * The frame strip of an animated photo: a browser plays an animation past its worst frame, so
 * the moderator sees every frame the model looked at as a still. None for a still photo or a
 * result from before frames were kept.
 */
export function frameStripView(
  storedName: string,
  frames: FrameCount | undefined,
): FrameStripView | undefined {
  if (!frames?.perFrame || frames.total <= 1) return undefined;
  const classified =
    frames.classified === frames.total
      ? `All ${frames.total} frames`
      : `${frames.classified} of its ${frames.total} frames, evenly spaced,`;
  return {
    summary: `${classified} were classified; frame ${frames.decisive + 1} decided.`,
    frames: frames.perFrame.map((frame) => {
      const decisive = frame.index === frames.decisive;
      // Kept on one line in the narrow caption: the number and its % sign never part.
      const said = `${frame.prediction} ${asPercent(frame.score).replace(' ', '\u00a0')}`;
      return {
        url: `/uploads/${frameThumbnailName(storedName, frame.index)}`,
        alt: `Frame ${frame.index + 1} of ${frames.total}${decisive ? ', the one that decided' : ''}`,
        caption: `${frame.index + 1}: ${said}`,
        decisive,
        className: decisive ? 'frame frame-decisive' : 'frame',
      };
    }),
  };
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
      bars: scoreBars(classification.scores, classification.prediction),
      labels,
      frameStrip: frameStripView(moderation.storedName, classification.frames),
    },
  };
}
