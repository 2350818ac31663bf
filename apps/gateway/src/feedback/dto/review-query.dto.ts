import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import type { FeedbackJobData } from '@moderation/contracts';

/** How a report can arrive (the `source` column). */
export const reportSources: readonly FeedbackJobData['source'][] = ['page', 'json', 'report'];

/**
 * The filter form sends every field, empty ones included (`?prediction=&source=`): an empty field
 * means "any", not a value to match.
 */
function emptyAsAbsent({ value }: { value: unknown }): unknown {
  return value === '' ? undefined : value;
}

/** A calendar day as `<input type=date>` sends it; `2026-02-30` is refused, not rolled over. */
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
/** A class name: any printable text, never control characters (they would end up in the page). */
const labelPattern = /^[^\p{Cc}]+$/u;

/** `to` may not lie before `from`: such a range matches nothing and is a mistake, not a filter. */
function NotBefore(property: 'from'): PropertyDecorator {
  return ValidateBy({
    name: 'notBefore',
    constraints: [property],
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const other = (args?.object as Record<string, unknown> | undefined)?.[property];
        return typeof value !== 'string' || typeof other !== 'string' || value >= other;
      },
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property ?? 'to'} must not be before ${property}`,
    },
  });
}

/** The query of the data team's review page: filters (all optional, combined with "and") and a page. */
export class ReviewQueryDto {
  @ApiPropertyOptional({
    description: 'Only reports where the model predicted this class.',
    maxLength: 64,
  })
  @Transform(emptyAsAbsent)
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(labelPattern, { message: 'prediction must be a class name' })
  prediction?: string;

  @ApiPropertyOptional({
    description: 'Only reports where the user gave this class as the right one.',
    maxLength: 64,
  })
  @Transform(emptyAsAbsent)
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(labelPattern, { message: 'correctLabel must be a class name' })
  correctLabel?: string;

  @ApiPropertyOptional({
    description: 'Only reports that arrived this way.',
    enum: reportSources,
  })
  @Transform(emptyAsAbsent)
  @IsOptional()
  @IsIn(reportSources, { message: `source must be one of ${reportSources.join(', ')}` })
  source?: FeedbackJobData['source'];

  @ApiPropertyOptional({
    description: 'Only reports about this model id.',
    example: 'mobilenet_v2',
  })
  @Transform(emptyAsAbsent)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/, {
    message: 'model must be a model id such as mobilenet_v2',
  })
  model?: string;

  @ApiPropertyOptional({
    description: 'Only reports received on this day (UTC) or later.',
    format: 'date',
    example: '2026-01-01',
  })
  @Transform(emptyAsAbsent)
  @IsOptional()
  @Matches(dayPattern, { message: 'from must be a date such as 2026-01-31' })
  @IsISO8601({ strict: true }, { message: 'from must be a date that exists' })
  from?: string;

  @ApiPropertyOptional({
    description: 'Only reports received on this day (UTC) or earlier.',
    format: 'date',
    example: '2026-01-31',
  })
  @Transform(emptyAsAbsent)
  @IsOptional()
  @Matches(dayPattern, { message: 'to must be a date such as 2026-01-31' })
  @IsISO8601({ strict: true }, { message: 'to must be a date that exists' })
  @NotBefore('from')
  to?: string;

  @ApiPropertyOptional({
    description: '1 is the newest `REVIEW_PAGE_SIZE` reports, 2 the ones before them, and so on.',
    type: 'integer',
    minimum: 1,
    maximum: 1_000_000,
    default: 1,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  @Max(1_000_000)
  page?: number;
}
