import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { feedbackCsvColumns, feedbackCsvFile, type FeedbackJobData } from '@moderation/contracts';
import { WorkerEnv } from '../config/worker-env';
import { appendCsvRowOnce } from '../records/csv-file';
import { feedbackRow } from './csv-cells';

/**
 * Appends reports to the data team's CSV. Only one writer runs at a time across all workers
 * (the feedback queue's global concurrency is 1), so rows never interleave; each row is
 * flushed to disk before its job completes, so a completed report is never lost.
 */
@Injectable()
export class FeedbackCsvWriter {
  constructor(private readonly env: WorkerEnv) {}

  get path(): string {
    return join(this.env.FEEDBACK_DIR, feedbackCsvFile);
  }

  /** Appends one report; false when its row is already there (a retried job whose write landed). */
  append(report: FeedbackJobData): Promise<boolean> {
    return appendCsvRowOnce(this.path, feedbackCsvColumns, feedbackRow(report), report.reportId);
  }
}
