import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { HealthReport } from './health-report';
import { HealthReportDto } from './health-report.dto';
import { HealthService } from './health.service';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 when Redis answers and a worker consumes predictions; 503 naming the missing part. */
  @Get()
  @ApiOperation({ summary: 'Whether Redis answers and a worker consumes predictions' })
  @ApiOkResponse({
    type: HealthReportDto,
    description: 'Redis answers and at least one worker consumes predictions.',
    example: {
      status: 'ok',
      checks: { redis: { status: 'up' }, workers: { status: 'up', count: 2 } },
    },
  })
  @ApiServiceUnavailableResponse({
    type: HealthReportDto,
    description: 'Something the service needs is missing; the report names it.',
    example: {
      status: 'unavailable',
      checks: {
        redis: { status: 'up' },
        workers: {
          status: 'down',
          count: 0,
          error: 'no worker is consuming the prediction queue',
        },
      },
    },
  })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.health.report();
    res.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    res.setHeader('cache-control', 'no-store');
    return report;
  }
}
