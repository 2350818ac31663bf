import type { FeedbackCsvRow, FeedbackJobData } from '@moderation/contracts';
import { neutraliseCells } from '../records/csv-file';

/** One report as a CSV row, every user-supplied cell neutralised. */
export function feedbackRow(report: FeedbackJobData): FeedbackCsvRow {
  return neutraliseCells<FeedbackCsvRow>(
    {
      received_at: report.receivedAt,
      report_id: report.reportId,
      stored_name: report.storedName,
      prediction: report.prediction,
      score: String(report.score),
      model: report.model ?? '',
      correct_label: report.correctLabel ?? '',
      comment: report.comment ?? '',
      source: report.source,
      request_id: report.requestId,
    },
    ['score'],
  );
}
