import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { rejectReasons, type ModeratorDecision } from '@moderation/contracts';

/** `POST /moderations/{id}/decision`: a person's decision on a photo in review. */
export class DecisionRequestDto {
  @ApiProperty({ enum: ['approve', 'reject'], example: 'reject' })
  @IsIn(['approve', 'reject'], { message: 'decision must be approve or reject' })
  decision!: ModeratorDecision['decision'];

  @ApiPropertyOptional({
    enum: rejectReasons,
    description: 'Why the photo may not be shown; required to reject.',
    example: 'nudity',
  })
  @ValidateIf(
    (request: DecisionRequestDto) => request.decision === 'reject' || request.reason !== undefined,
  )
  @IsIn(rejectReasons, { message: `reason must be one of: ${rejectReasons.join(', ')}` })
  reason?: string;

  @ApiPropertyOptional({
    description: "The class the person says is right: one of the model's classes.",
    example: 'Porn',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[\w .-]{1,64}$/, { message: 'label must be a class name of the model' })
  label?: string;

  @ApiPropertyOptional({ description: 'Free text for the record.', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}
