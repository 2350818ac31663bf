import { Transform } from 'class-transformer';
import { IsNumber, IsOptional, IsPositive, Matches, Max } from 'class-validator';

/** The page's form leaves a field empty rather than leaving it out. */
const emptyAsAbsent = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

const day = /^\d{4}-\d{2}-\d{2}$/;

/** The quality page's query: the days counted and the precision reject thresholds must reach. */
export class QualityQueryDto {
  @IsOptional()
  @Transform(emptyAsAbsent)
  @Matches(day, { message: 'from must be a day such as 2026-12-01' })
  from?: string;

  @IsOptional()
  @Transform(emptyAsAbsent)
  @Matches(day, { message: 'to must be a day such as 2026-12-31' })
  to?: string;

  @IsOptional()
  @Transform(({ value }) => (value === '' ? undefined : Number(value)))
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'precision must be a number' })
  @IsPositive({ message: 'precision must be above 0 and at most 1, such as 0.95' })
  @Max(1, { message: 'precision must be above 0 and at most 1, such as 0.95' })
  precision?: number;
}
