import type { Moderation } from '@moderation/contracts';
import type { Prediction } from '../prediction/prediction.service';
import type { ReportSummary } from '../moderation/moderation.service';
import { newModeration } from '../moderation/new-moderation';

/** A moderation as `ModerationService.open` makes it for a prediction, with a fixed id. */
export function moderationOf(
  prediction: Prediction,
  reference?: string,
  id = '3f0c8a52-7d4e-4b1a-9c55-2f0b8e3d9c41',
): Moderation {
  return newModeration(prediction, reference, { id, createdAt: '2026-12-02T10:00:00.000Z' });
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
