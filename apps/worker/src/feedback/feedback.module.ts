import { Logger, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { QueueName, type FeedbackQueue } from '@moderation/contracts';
import { consumerProvider } from '../queues/consumer.provider';
import type { ConsumerOptions } from '../queues/queue-consumer';
import { FeedbackCsvWriter } from './feedback-csv.writer';
import { FeedbackProcessor } from './feedback.processor';

/** Reports in from the feedback queue, rows out to the data team's CSV. */
@Module({})
export class FeedbackModule implements OnModuleInit {
  /** One job at a time per process, and one process at a time (see {@link onModuleInit}). */
  static forRoot(consumer: Omit<ConsumerOptions, 'concurrency'>): DynamicModule {
    return {
      module: FeedbackModule,
      imports: [BullModule.registerQueue({ name: QueueName.Feedback })],
      providers: [
        FeedbackProcessor,
        FeedbackCsvWriter,
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
