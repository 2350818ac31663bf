import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { HealthReport } from './health-report';

/** One dependency's check: `error` says what is wrong when it is down. */
export class RedisCheckDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status!: 'up' | 'down';

  @ApiPropertyOptional({
    description: 'Only when down: why.',
    example: 'no answer within 1000 ms',
  })
  error?: string;
}

export class WorkersCheckDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status!: 'up' | 'down';

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Workers consuming the prediction queue.',
    example: 2,
  })
  count!: number;

  @ApiPropertyOptional({
    description: 'Only when down: why.',
    example: 'no worker is consuming the prediction queue',
  })
  error?: string;
}

export class HealthChecksDto {
  @ApiProperty({ type: RedisCheckDto })
  redis!: RedisCheckDto;

  @ApiProperty({ type: WorkersCheckDto })
  workers!: WorkersCheckDto;
}

/** `GET /health`: the same shape for 200 and 503; `status` says which. */
export class HealthReportDto implements HealthReport {
  @ApiProperty({
    enum: ['ok', 'unavailable'],
    description: '`ok` (HTTP 200) only when every check is up; `unavailable` (HTTP 503) otherwise.',
    example: 'ok',
  })
  status!: 'ok' | 'unavailable';

  @ApiProperty({ type: HealthChecksDto })
  checks!: HealthReport['checks'];
}
