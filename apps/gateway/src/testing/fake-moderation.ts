import type { Moderation } from '@moderation/contracts';
import type { Prediction } from '../prediction/prediction.service';
import type { ReportSummary } from '../moderation/moderation.service';

/** A moderation as `ModerationService.open` makes it for a prediction, with a fixed id. */
export function moderationOf(
  prediction: Prediction,
  reference?: string,
  id = '3f0c8a52-7d4e-4b1a-9c55-2f0b8e3d9c41',
): Moderation {
  const {
    model,
    prediction: top,
    score,
    scores,
    verdict,
    reason,
    policyVersion,
    frames,
  } = prediction;
  return {
    id,
    ...(reference === undefined ? {} : { reference }),
    storedName: prediction.storedName,
    createdAt: '2026-12-02T10:00:00.000Z',
    classification: {
      model,
      prediction: top,
      score,
      scores,
      verdict,
      reason: reason ?? null,
      policyVersion,
      ...(frames && frames.total > 1 ? { frames } : {}),
    },
    state: verdict === 'review' ? 'pending-review' : verdict,
  };
}

/** ModerationService without Redis: it records what it was asked to open and which reports arrived. */
export function fakeModerationService() {
  const reports: ReportSummary[] = [];
  return {
    reports,
    open: jest.fn(async (prediction: Prediction, reference: string | undefined) =>
      moderationOf(prediction, reference),
    ),
    reported: jest.fn(async (report: ReportSummary) => {
      reports.push(report);
    }),
  };
}
