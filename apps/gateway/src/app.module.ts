import {
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import {
  EnvModule,
  loggingModule,
  redisConnectionOptions,
  RedisProbeModule,
} from '@moderation/platform';
import { QueueBoardModule } from './admin/queue-board.module';
import { appGlobals } from './app-globals';
import { GatewayEnv } from './config/gateway-env';
import { DataTeamModule } from './data-team/data-team.module';
import { QualityPageModule } from './data-team/quality-page.module';
import { FeedbackModule } from './feedback/feedback.module';
import { HealthModule } from './health/health.module';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsModule } from './metrics/metrics.module';
import { ModerationModule } from './moderation/moderation.module';
import { PagesModule } from './pages/pages.module';
import { PolicyModule } from './policy/policy.module';
import { PredictionModule } from './prediction/prediction.module';
import { QueuesModule } from './queues/queues.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { UploadSizeMiddleware } from './uploads/upload-size.middleware';
import { UploadsModule } from './uploads/uploads.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { BatchesModule } from './batches/batches.module';

@Module({})
export class AppModule implements NestModule {
  /** The gateway's module tree for a validated configuration. */
  static forRoot(env: GatewayEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EnvModule.forRoot(env),
        loggingModule({ service: 'gateway', level: env.LOG_LEVEL, format: env.logFormat }),
        BullModule.forRoot({ connection: redisConnectionOptions(env.REDIS_URL) }),
        RedisProbeModule.forRoot(env.REDIS_URL),
        QueuesModule,
        PolicyModule.forRoot(env.POLICY_FILE),
        MetricsModule,
        HealthModule,
        UploadsModule,
        PredictionModule,
        ModerationModule,
        WebhooksModule,
        BatchesModule,
        FeedbackModule,
        PagesModule,
        DataTeamModule,
        QualityPageModule,
        QueueBoardModule,
        RateLimitModule,
      ],
      providers: appGlobals,
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
    consumer
      .apply(UploadSizeMiddleware)
      .forRoutes(
        { path: '/', method: RequestMethod.POST },
        { path: 'predict', method: RequestMethod.POST },
      );
  }
}
