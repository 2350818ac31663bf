import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** The multipart form of `POST /predict`. */
export class PredictRequestDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'The image: JPEG, PNG, GIF, WebP or TIFF, decided by its bytes.',
  })
  file?: unknown;

  @ApiPropertyOptional({
    description:
      "Id of a loaded model, e.g. `mobilenet_v2` or `inception_v3` (slower); the workers' default model when absent.",
    pattern: '^[a-z0-9][a-z0-9_.-]{0,63}$',
  })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/, {
    message: 'model must be a model id such as mobilenet_v2',
  })
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
