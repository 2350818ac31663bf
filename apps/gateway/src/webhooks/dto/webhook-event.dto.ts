import { ApiProperty, OmitType } from '@nestjs/swagger';
import type { WebhookEventType } from '@moderation/contracts';
import { ModerationDto } from '../../moderation/dto/moderation.dto';

/** The moderation inside an event: as `GET /moderations/{id}` shows it, without the delivery tries. */
export class WebhookModerationDto extends OmitType(ModerationDto, ['webhooks'] as const) {}

class WebhookEventDataDto {
  @ApiProperty({ type: WebhookModerationDto })
  moderation!: WebhookModerationDto;
}

/** The JSON body POSTed to a `callbackUrl`: exactly the bytes the signature covers. */
export class WebhookEventDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'Unique per event, also sent as `Moderation-Event-Id`. Delivery is at least once: drop an id already seen.',
  })
  id!: string;

  @ApiProperty({ enum: ['moderation.completed', 'moderation.decided'] })
  type!: WebhookEventType;

  @ApiProperty({ format: 'date-time', description: 'When the event happened.' })
  createdAt!: string;

  @ApiProperty({ type: WebhookEventDataDto })
  data!: WebhookEventDataDto;
}
