import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import {
  ConfigModule,
  loggingModule,
  redisConnectionOptions,
  RedisProbeModule,
} from '@moderation/platform';
import { InferenceModule } from '@moderation/inference';
import { WorkerEnv } from './config/worker-env';
import { LivenessServer } from './liveness/liveness.server';
import { LivenessService } from './liveness/liveness.service';
import { FeedbackModule } from './feedback/feedback.module';
import { PredictionModule } from './prediction/prediction.module';

@Module({})
export class WorkerModule {
  /** The worker's module tree for a validated configuration. */
  static forRoot(env: WorkerEnv): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(env),
        loggingModule({ service: 'worker', level: env.LOG_LEVEL, format: env.logFormat }),
        BullModule.forRoot({ connection: redisConnectionOptions(env.REDIS_URL) }),
        RedisProbeModule.forRoot(env.REDIS_URL),
        InferenceModule.forRoot({
          modelDir: env.MODEL_DIR,
          defaultModel: env.DEFAULT_MODEL,
          intraOpThreads: env.INFERENCE_THREADS,
          maxImagePixels: env.MAX_IMAGE_PIXELS,
        }),
        PredictionModule,
        FeedbackModule,
      ],
      providers: [LivenessService, LivenessServer],
    };
  }
}
