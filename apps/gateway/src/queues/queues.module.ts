import { Global, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { BullModule, InjectQueue } from '@nestjs/bullmq';
import {
  defaultJobOptions,
  QueueName,
  type FeedbackQueue,
  type PredictionQueue,
} from '@moderation/contracts';
import { reportRedisErrors } from '@moderation/platform';

const producedQueues = [
  QueueName.Prediction,
  QueueName.Feedback,
  QueueName.Review,
  QueueName.Webhook,
  QueueName.Batch,
  QueueName.FrameStrip,
] as const;

/** The queues the gateway produces to, with the job options every job of each gets. */
@Global()
@Module({
  imports: [
    BullModule.registerQueue(
      ...producedQueues.map((name) => ({ name, defaultJobOptions: defaultJobOptions[name] })),
    ),
  ],
  exports: [BullModule],
})
export class QueuesModule implements OnModuleInit {
  constructor(
    @InjectQueue(QueueName.Prediction) private readonly predictions: PredictionQueue,
    @InjectQueue(QueueName.Feedback) private readonly feedback: FeedbackQueue,
  ) {}

  onModuleInit(): void {
    const logger = new Logger(QueuesModule.name);
    reportRedisErrors(this.predictions, logger, QueueName.Prediction);
    reportRedisErrors(this.feedback, logger, QueueName.Feedback);
  }
}
