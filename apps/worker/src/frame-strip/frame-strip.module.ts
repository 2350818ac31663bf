import { Logger, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { QueueName, type FrameStripQueue } from '@moderation/contracts';
import { reportRedisErrors } from '@moderation/platform';
import { consumerProvider } from '../queues/consumer.provider';
import type { ConsumerOptions } from '../queues/queue-consumer';
import { FrameStripProcessor } from './frame-strip.processor';
import { FrameStripWriter } from './frame-strip.writer';

/** Stills of animated photos' frames, for moderators, drawn from the frame-strip queue. */
@Module({})
export class FrameStripModule implements OnModuleInit {
  /**
   * One strip at a time per process: it is work for a person who looks minutes later, and each
   * strip decodes up to `MAX_FRAMES` frames through the decode budget predictions share.
   */
  static forRoot(consumer: Omit<ConsumerOptions, 'concurrency'>): DynamicModule {
    return {
      module: FrameStripModule,
      imports: [BullModule.registerQueue({ name: QueueName.FrameStrip })],
      providers: [
        FrameStripProcessor,
        FrameStripWriter,
        consumerProvider(QueueName.FrameStrip, FrameStripProcessor, {
          ...consumer,
          concurrency: 1,
        }),
      ],
    };
  }

  constructor(@InjectQueue(QueueName.FrameStrip) private readonly strips: FrameStripQueue) {}

  onModuleInit(): void {
    reportRedisErrors(this.strips, new Logger(FrameStripModule.name), QueueName.FrameStrip);
  }
}
