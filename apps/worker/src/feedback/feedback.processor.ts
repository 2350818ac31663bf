import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { JobName, QueueName, type ReceivedJobOf } from '@moderation/contracts';
import type { JobHandler } from '../queues/queue-consumer';
import { FeedbackCsvWriter } from './feedback-csv.writer';

/** Writes each queued report as one CSV row. A failed write (e.g. a full disk) is retried. */
@Injectable()
export class FeedbackProcessor implements JobHandler<QueueName.Feedback> {
  constructor(
    private readonly csv: FeedbackCsvWriter,
    @InjectPinoLogger(FeedbackProcessor.name) private readonly logger: PinoLogger,
  ) {}

  async process(job: ReceivedJobOf<QueueName.Feedback>): Promise<void> {
    if (job.name !== JobName.RecordFeedback) {
      throw new UnrecoverableError(`no handler for job ${job.name} on ${QueueName.Feedback}`);
    }
    const log = {
      requestId: job.data.requestId,
      reportId: job.data.reportId,
      attempt: job.attemptsMade + 1,
    };
    try {
      const written = await this.csv.append(job.data);
      this.logger.info(log, written ? 'feedback recorded' : 'feedback already recorded');
    } catch (error) {
      this.logger.warn({ ...log, err: error }, 'feedback not written yet; will retry');
      throw error;
    }
  }
}
