import { Logger, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { QueueName, type PredictionQueue } from '@moderation/contracts';
import { reportRedisErrors } from '@moderation/platform';
import { consumerProvider, consumerToken } from '../queues/consumer.provider';
import type { ConsumerOptions } from '../queues/queue-consumer';
import { ModelPublisher } from './model-publisher';
import { PredictionProcessor } from './prediction.processor';

/** Classification jobs in from the prediction queue, results out as the jobs' return values. */
@Module({})
export class PredictionModule implements OnModuleInit {
  static forRoot(consumer: ConsumerOptions): DynamicModule {
    return {
      module: PredictionModule,
      imports: [BullModule.registerQueue({ name: QueueName.Prediction })],
      providers: [
        PredictionProcessor,
        ModelPublisher,
        consumerProvider(QueueName.Prediction, PredictionProcessor, consumer),
      ],
      exports: [consumerToken(QueueName.Prediction)],
    };
  }

  constructor(@InjectQueue(QueueName.Prediction) private readonly predictions: PredictionQueue) {}

  onModuleInit(): void {
    reportRedisErrors(this.predictions, new Logger(PredictionModule.name), QueueName.Prediction);
  }
}
