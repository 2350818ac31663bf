import { ApiProperty } from '@nestjs/swagger';

/**
 * The one JSON shape of every error response ({@link HttpErrorFilter} writes it), declared once so
 * clients generated from the API document get the same type for every error status.
 */
export class ErrorResponseDto {
  @ApiProperty({ type: 'integer', description: 'The HTTP status, repeated.', example: 400 })
  statusCode!: number;

  @ApiProperty({
    description:
      'Stable machine-readable code, e.g. `bad-request`, `unknown-file`, `rate-limited`, `internal`.',
    example: 'bad-request',
  })
  error!: string;

  @ApiProperty({
    description: 'A sentence for people; it may change, so match on `error`.',
    example: 'score must be a number',
  })
  message!: string;
}
