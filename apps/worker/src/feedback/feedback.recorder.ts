import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { FeedbackJobData } from '@moderation/contracts';
import { FeedbackCsvWriter } from './feedback-csv.writer';

/** Writes a queued report as one row of `feedback.csv`. A failed write (a full disk) is retried. */
@Injectable()
export class FeedbackRecorder {
  constructor(
    private readonly csv: FeedbackCsvWriter,
    @InjectPinoLogger(FeedbackRecorder.name) private readonly logger: PinoLogger,
  ) {}

  async record(report: FeedbackJobData, attempt: number): Promise<void> {
    const log = { requestId: report.requestId, reportId: report.reportId, attempt };
    try {
      const written = await this.csv.append(report);
      this.logger.info(log, written ? 'feedback recorded' : 'feedback already recorded');
    } catch (error) {
      this.logger.warn({ ...log, err: error }, 'feedback not written yet; will retry');
      throw error;
    }
  }
}
