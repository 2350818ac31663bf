import type { FeedbackCsvRow, FeedbackJobData } from '@moderation/contracts';

/** Characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list). */
const formulaStart = /^[=+\-@\t\r]/;

/** A cell a spreadsheet shows as text, never runs: a leading `'` is its own "this is text" mark. */
export function neutralise(cell: string): string {
  return formulaStart.test(cell) ? `'${cell}` : cell;
}

/** One report as a CSV row, every user-supplied cell neutralised. */
export function feedbackRow(report: FeedbackJobData): FeedbackCsvRow {
  const row: FeedbackCsvRow = {
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
  };
  return Object.fromEntries(
    Object.entries(row).map(([column, cell]) => [
      column,
      column === 'score' ? cell : neutralise(cell),
    ]),
  ) as FeedbackCsvRow;
}
