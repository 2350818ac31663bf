import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ModelField } from './model-field';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The multipart form of `POST /predict`. */
export class PredictRequestDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'The image: JPEG, PNG, GIF, WebP or TIFF, decided by its bytes.',
  })
  file?: unknown;

  @ModelField()
  model?: string;

  @ApiPropertyOptional({
    description:
      "The shop's own id for the photo or its review (at most 200 characters), returned by `GET /moderations/{id}`.",
    maxLength: 200,
    example: 'review-8812/photo-2',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'reference must be at most 200 characters' })
  reference?: string;
}
