import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { GatewayEnv } from '../config/gateway-env';
import { FixedWindowStorage } from './fixed-window-storage';
import { RateLimit } from './rate-limit';

/**
 * Per-client limits on predictions and feedback, counted in each gateway process: behind N
 * gateways a client gets up to N times the limit, a bound that needs no Redis round trip.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [GatewayEnv],
      useFactory: (env: GatewayEnv) => ({
        throttlers: [
          { name: RateLimit.Predict, limit: env.RATE_LIMIT_PREDICT },
          { name: RateLimit.Feedback, limit: env.RATE_LIMIT_FEEDBACK },
        ].map(({ name, limit }) => ({
          name,
          limit,
          ttl: env.RATE_LIMIT_WINDOW_SECONDS * 1000,
          skipIf: () => limit === 0,
        })),
        // The default X-RateLimit-* headers would name each limit; Retry-After on 429 is the contract.
        setHeaders: false,
        storage: new FixedWindowStorage(),
      }),
    }),
  ],
})
export class RateLimitModule {}
