import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { storedNamePattern } from '@moderation/contracts';

/** A form's empty field (a menu left at "not sure", a blank comment) means the value is absent. */
function emptyAsAbsent({ value }: { value: unknown }): unknown {
  return value === '' ? undefined : value;
}

/** A user's report that a prediction was wrong. */
export class CreateFeedbackDto {
  @ApiProperty({
    description: 'The stored name `POST /predict` answered with.',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.jpg',
  })
  @Matches(storedNamePattern, { message: 'filename must be a name this service stored' })
  filename!: string;

  @ApiProperty({ description: 'The class the service predicted.', example: 'Sexy' })
  @IsString()
  @Length(1, 64)
  prediction!: string;

  @ApiProperty({
    description: 'The score the service gave it.',
    example: 0.9346,
    minimum: 0,
    maximum: 1,
  })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'score must be a number' })
  @Min(0)
  @Max(1)
  score!: number;

  @ApiPropertyOptional({
    description:
      "What the user says the right class is: one of the model's classes, or empty when not sure.",
    example: 'Neutral',
  })
  @Transform(emptyAsAbsent)
  @IsOptional()
  @IsString()
  @Length(1, 64)
  correctLabel?: string;

  @ApiPropertyOptional({
    description: 'Free text from the user.',
    example: 'It is a swimsuit catalogue photo.',
  })
  @Transform(emptyAsAbsent)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({
    description: 'Model id the prediction came from.',
    example: 'mobilenet_v2',
  })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/, {
    message: 'model must be a model id such as mobilenet_v2',
  })
  model?: string;
}

export class FeedbackAcceptedDto {
  @ApiProperty({ example: true })
  success!: true;

  @ApiProperty({ description: 'Id of the report, also in its CSV row.', format: 'uuid' })
  reportId!: string;
}
