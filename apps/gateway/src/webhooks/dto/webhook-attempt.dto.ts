import { ApiProperty } from '@nestjs/swagger';
import type { WebhookEventType } from '@moderation/contracts';

/** One try at delivering an event to the moderation's `callbackUrl`. */
export class WebhookAttemptDto {
  @ApiProperty({ format: 'uuid', description: 'The event (its `Moderation-Event-Id`).' })
  eventId!: string;

  @ApiProperty({ enum: ['moderation.completed', 'moderation.decided'] })
  type!: WebhookEventType;

  @ApiProperty({ description: 'The try, from 1.', example: 1 })
  attempt!: number;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({
    required: false,
    description: "The receiver's HTTP status; absent when no answer came.",
    example: 503,
  })
  status?: number;

  @ApiProperty({
    required: false,
    description: 'Why the try failed (refused, timed out, a redirect, given up).',
    example: 'the receiver answered 503',
  })
  error?: string;

  @ApiProperty({ description: 'Whether the receiver took the event (a 2xx answer).' })
  delivered!: boolean;
}
