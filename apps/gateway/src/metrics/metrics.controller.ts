import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { ApiTextResponse } from '../openapi/api-responses';
import { GatewayMetrics } from './gateway-metrics';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: GatewayMetrics) {}

  /** Prometheus's text format. */
  @Get()
  @Header('Cache-Control', 'no-store')
  // Without it Express would call the text HTML, and scrapers that check the type would refuse it.
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @ApiOperation({ summary: 'Metrics in the Prometheus text format' })
  @ApiTextResponse(
    200,
    'text/plain',
    'Request counts by route and status, prediction timings, queue sizes, process metrics.',
    '# TYPE http_requests_total counter\nhttp_requests_total{method="POST",route="/predict",status="200"} 42\n',
  )
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
