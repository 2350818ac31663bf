import { Global, Module } from '@nestjs/common';
import { GatewayMetrics } from './gateway-metrics';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';

/** Prometheus metrics at `GET /metrics`, recorded by whichever module observes them. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [GatewayMetrics, HttpMetricsMiddleware],
  exports: [GatewayMetrics, HttpMetricsMiddleware],
})
export class MetricsModule {}
