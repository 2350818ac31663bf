import { Global, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { BullModule, InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { defaultJobOptions, QueueName } from '@moderation/contracts';
import { reportRedisErrors } from '@moderation/platform';

/** The queues the gateway produces to, with the job options every job of each gets. */
@Global()
@Module({
  imports: [
    BullModule.registerQueue({
      name: QueueName.Prediction,
      defaultJobOptions: defaultJobOptions[QueueName.Prediction],
    }),
  ],
  exports: [BullModule],
})
export class QueuesModule implements OnModuleInit {
  constructor(@InjectQueue(QueueName.Prediction) private readonly predictions: Queue) {}

  onModuleInit(): void {
    reportRedisErrors(this.predictions, new Logger(QueuesModule.name), QueueName.Prediction);
  }
}
