import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import {
  ConfigModule,
  loggingModule,
  redisConnectionOptions,
  RedisProbeModule,
} from '@moderation/platform';
import { GatewayEnv } from './config/gateway-env';
import { HealthModule } from './health/health.module';
import { QueuesModule } from './queues/queues.module';

@Module({})
export class AppModule {
  /** The gateway's module tree for a validated configuration. */
  static forRoot(env: GatewayEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(env),
        loggingModule({ service: 'gateway', level: env.LOG_LEVEL, format: env.logFormat }),
        BullModule.forRoot({ connection: redisConnectionOptions(env.REDIS_URL) }),
        RedisProbeModule.forRoot(env.REDIS_URL),
        QueuesModule,
        HealthModule,
      ],
    };
  }
}
