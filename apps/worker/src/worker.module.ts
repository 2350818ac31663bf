import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import {
  EnvModule,
  loggingModule,
  redisConnectionOptions,
  RedisProbeModule,
} from '@moderation/platform';
import { InferenceModule } from '@moderation/inference';
import { WorkerEnv } from './config/worker-env';
import { BatchStats } from './health/batch-stats';
import { MetricsModule } from './metrics/metrics.module';
import { WorkerMetrics } from './metrics/worker-metrics';
import { HealthServer } from './health/health.server';
import { HealthService } from './health/health.service';
import { FeedbackModule } from './feedback/feedback.module';
import { FrameStripModule } from './frame-strip/frame-strip.module';
import { PredictionModule } from './prediction/prediction.module';

@Module({})
export class WorkerModule {
  /** The worker's module tree for a validated configuration. */
  static forRoot(env: WorkerEnv): DynamicModule {
    const batches = new BatchStats();
    const metrics = new WorkerMetrics();
    return {
      module: WorkerModule,
      imports: [
        EnvModule.forRoot(env),
        loggingModule({ service: 'worker', level: env.LOG_LEVEL, format: env.logFormat }),
        BullModule.forRoot({ connection: redisConnectionOptions(env.REDIS_URL) }),
        RedisProbeModule.forRoot(env.REDIS_URL),
        MetricsModule.forRoot(metrics),
        InferenceModule.forRoot({
          modelDir: env.MODEL_DIR,
          defaultModel: env.DEFAULT_MODEL,
          intraOpThreads: env.INFERENCE_THREADS,
          maxImagePixels: env.MAX_IMAGE_PIXELS,
          maxFrames: env.MAX_FRAMES,
          // Built next to main.js (see webpack.config.js).
          threads: { count: env.INFERENCE_WORKERS, script: join(__dirname, 'inference-thread.js') },
          batching: { maxBatch: env.MAX_BATCH, maxDelayMs: env.MAX_BATCH_DELAY_MS },
          decodeConcurrency: env.decodeConcurrency,
          ...(env.PREPROCESS_DECODE ? { decodeMode: env.PREPROCESS_DECODE } : {}),
          onBatch: (modelId, size) => {
            batches.record(modelId, size);
            metrics.batchSize.observe({ model: modelId }, size);
          },
        }),
        PredictionModule.forRoot({ concurrency: env.WORKER_CONCURRENCY, lockMs: env.JOB_LOCK_MS }),
        FeedbackModule.forRoot({ lockMs: env.JOB_LOCK_MS }),
        FrameStripModule.forRoot({ lockMs: env.JOB_LOCK_MS }),
      ],
      providers: [HealthService, HealthServer, { provide: BatchStats, useValue: batches }],
    };
  }
}
