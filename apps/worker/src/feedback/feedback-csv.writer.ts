import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { writeToString } from 'fast-csv';
import { feedbackCsvColumns, feedbackCsvFile, type FeedbackJobData } from '@moderation/contracts';
import { WorkerEnv } from '../config/worker-env';
import { feedbackRow } from './csv-cells';

/** Bytes at the end of the file searched for a report id before appending it. */
const recentBytes = 64 * 1024;

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
  async append(report: FeedbackJobData): Promise<boolean> {
    await mkdir(this.env.FEEDBACK_DIR, { recursive: true });
    const file = await open(this.path, 'a+', 0o640);
    try {
      const { size } = await file.stat();
      if (size > 0 && (await this.endsWithReport(file, size, report.reportId))) return false;
      const text = await writeToString([feedbackRow(report)], {
        headers: [...feedbackCsvColumns],
        writeHeaders: size === 0,
        includeEndRowDelimiter: true,
      });
      await file.appendFile(text, 'utf8');
      await file.datasync();
      return true;
    } finally {
      await file.close();
    }
  }

  private async endsWithReport(
    file: Awaited<ReturnType<typeof open>>,
    size: number,
    reportId: string,
  ): Promise<boolean> {
    const length = Math.min(size, recentBytes);
    const { buffer, bytesRead } = await file.read(Buffer.alloc(length), 0, length, size - length);
    return buffer.subarray(0, bytesRead).includes(`,${reportId},`);
  }
}
