import { Processor, WorkerHost } from '@nestjs/bullmq';
import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { JobName, QueueName, type ReceivedJobOf, type WorkerOf } from '@moderation/contracts';
import { closeWorker, RedisProbe, reportRedisErrors } from '@moderation/platform';
import { withJobLocks } from '../config/job-locks';
import { FeedbackCsvWriter } from './feedback-csv.writer';

/** Writes each queued report as one CSV row. A failed write (e.g. a full disk) is retried. */
@Processor(QueueName.Feedback, withJobLocks({ concurrency: 1 }))
export class FeedbackProcessor
  extends WorkerHost<WorkerOf<QueueName.Feedback>>
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  constructor(
    private readonly csv: FeedbackCsvWriter,
    private readonly redis: RedisProbe,
    @InjectPinoLogger(FeedbackProcessor.name) private readonly logger: PinoLogger,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    reportRedisErrors(this.worker, new Logger(FeedbackProcessor.name), FeedbackProcessor.name);
  }

  beforeApplicationShutdown(): Promise<void> {
    return closeWorker(this.worker, this.redis);
  }

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
