import type { Moderation } from '@moderation/contracts';
import type { Prediction } from '../prediction/prediction.service';

/** Where a moderation came from, besides the photo: its id and time, and a batch's details. */
export interface ModerationOrigin {
  id: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  batchId?: string;
  callbackUrl?: string;
}

/**
 * The moderation of a model's answer before anyone looked at it: the model's verdict stands,
 * except a doubt, which waits for a person.
 */
export function newModeration(
  prediction: Prediction,
  reference: string | undefined,
  origin: ModerationOrigin,
): Moderation {
  const { model, prediction: top, score, scores, verdict, reason, frames } = prediction;
  return {
    id: origin.id,
    ...(reference === undefined ? {} : { reference }),
    ...(origin.batchId ? { batchId: origin.batchId } : {}),
    ...(origin.callbackUrl ? { callbackUrl: origin.callbackUrl } : {}),
    storedName: prediction.storedName,
    createdAt: origin.createdAt,
    classification: {
      model,
      prediction: top,
      score,
      scores,
      verdict,
      reason: reason ?? null,
      policyVersion: prediction.policyVersion,
      // Still images need no frame strip: only animations keep their frames.
      ...(frames && frames.total > 1 ? { frames } : {}),
    },
    state: verdict === 'review' ? 'pending-review' : verdict,
  };
}
