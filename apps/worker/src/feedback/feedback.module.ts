import { Logger, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { defaultJobOptions, QueueName, type FeedbackQueue } from '@moderation/contracts';
import { consumerProvider } from '../queues/consumer.provider';
import type { ConsumerOptions } from '../queues/queue-consumer';
import { RecordsModule } from '../records/records.module';
import { FeedbackCsvWriter } from './feedback-csv.writer';
import { FeedbackProcessor } from './feedback.processor';
import { FeedbackRecorder } from './feedback.recorder';
import { StartupAnnouncer } from './startup-announcer';

/**
 * The feedback queue's consumer, the single writer of the data team's files: reports to
 * `feedback.csv`, decisions to `decisions.csv` and the audit log, worker starts to the audit log
 * (this worker's own start is queued by {@link StartupAnnouncer}).
 */
@Module({})
export class FeedbackModule implements OnModuleInit {
  /** One job at a time per process, and one process at a time (see {@link onModuleInit}). */
  static forRoot(consumer: Omit<ConsumerOptions, 'concurrency'>): DynamicModule {
    return {
      module: FeedbackModule,
      imports: [
        // With the queue's job options: the worker produces to it too (its start record).
        BullModule.registerQueue({
          name: QueueName.Feedback,
          defaultJobOptions: defaultJobOptions[QueueName.Feedback],
        }),
        RecordsModule,
      ],
      providers: [
        FeedbackProcessor,
        FeedbackRecorder,
        FeedbackCsvWriter,
        StartupAnnouncer,
        consumerProvider(QueueName.Feedback, FeedbackProcessor, { ...consumer, concurrency: 1 }),
      ],
    };
  }

  private readonly logger = new Logger(FeedbackModule.name);

  constructor(@InjectQueue(QueueName.Feedback) private readonly feedback: FeedbackQueue) {}

  /**
   * One writer at a time across every worker process: rows of concurrent reports never
   * interleave. Set by each worker at start, so a fresh Redis gets it too.
   */
  onModuleInit(): void {
    this.feedback
      .setGlobalConcurrency(1)
      .catch((error: unknown) =>
        this.logger.error(`could not limit the feedback queue to one writer: ${String(error)}`),
      );
  }
}
