import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ModerationState } from '@moderation/contracts';

/** Where one photo of a batch stands. */
export type BatchItemStatus = 'queued' | 'classifying' | 'done' | 'failed';

export class BatchItemDto {
  @ApiProperty({ format: 'uuid', description: 'Read it with `GET /moderations/{id}` once done.' })
  moderationId!: string;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'null' }], example: 'review-8812/photo-1' })
  reference!: string | null;

  @ApiProperty({
    enum: ['queued', 'classifying', 'done', 'failed'],
    description: '`done`: the moderation holds the model’s answer (and `state` says it).',
  })
  status!: BatchItemStatus;

  @ApiPropertyOptional({ enum: ['approved', 'rejected', 'pending-review'] })
  state?: ModerationState;

  @ApiPropertyOptional({ description: 'Why a `failed` photo could not be classified.' })
  error?: string;
}

/** `POST /moderations` answers at once with the batch and its photos' moderation ids. */
export class BatchAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: [BatchItemDto] })
  items!: BatchItemDto[];
}

/** `GET /batches/{id}`: every photo's state. */
export class BatchDto extends BatchAcceptedDto {
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: 'Photos done (classified and moderated) so far.', example: 49 })
  done!: number;
}
