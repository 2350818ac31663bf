import { Module, type DynamicModule } from '@nestjs/common';
import { RedisProbe } from './redis-probe';

/** One {@link RedisProbe} per process, injectable everywhere, disconnected on shutdown. */
@Module({})
export class RedisProbeModule {
  static forRoot(redisUrl: string): DynamicModule {
    return {
      module: RedisProbeModule,
      global: true,
      providers: [{ provide: RedisProbe, useFactory: () => new RedisProbe(redisUrl) }],
      exports: [RedisProbe],
    };
  }
}
