import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { QueueName, type PredictionQueue } from '@moderation/contracts';
import { reportRedisErrors } from '@moderation/platform';
import { ModelPublisher } from './model-publisher';
import { PredictionProcessor } from './prediction.processor';

@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Prediction })],
  providers: [PredictionProcessor, ModelPublisher],
  exports: [PredictionProcessor],
})
export class PredictionModule implements OnModuleInit {
  constructor(@InjectQueue(QueueName.Prediction) private readonly predictions: PredictionQueue) {}

  onModuleInit(): void {
    reportRedisErrors(this.predictions, new Logger(PredictionModule.name), QueueName.Prediction);
  }
}
