import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ModelField } from '../../prediction/dto/model-field';
import { Transform } from 'class-transformer';
import { IsArray, IsOptional, IsString, MaxLength } from 'class-validator';

/** The multipart form of `POST /moderations`: photos, a reference each, a model, a callback. */
export class CreateBatchDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'binary' },
    description: 'The photos, one `files` part each, up to `MAX_BATCH_FILES`.',
  })
  files?: unknown;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', maxLength: 200 },
    description:
      "The shop's own id of each photo, one `reference` part per photo in the same order (an empty one for none).",
  })
  @IsOptional()
  // One part arrives as a string, several as an array: always a list here.
  @Transform(({ value }) => (typeof value === 'string' ? [value] : value))
  @IsArray({ message: 'reference must be text fields' })
  @IsString({ each: true, message: 'reference must be text fields' })
  @MaxLength(200, { each: true, message: 'each reference must be at most 200 characters' })
  reference?: string[];

  @ModelField()
  model?: string;

  @ApiPropertyOptional({
    description:
      'Where `moderation.completed` and `moderation.decided` events are POSTed, signed (see the webhooks in docs/api.md). Its host must be in `WEBHOOK_ALLOWED_HOSTS`.',
    example: 'https://hooks.shop.example/moderation',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  callbackUrl?: string;
}
