import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Matches } from 'class-validator';

/** The query of a result page: the model it was classified with, and whether it was just reported. */
export class ResultQueryDto {
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/, {
    message: 'model must be a model id such as mobilenet_v2',
  })
  model?: string;

  @IsOptional()
  @Transform(({ value }) => value === '1' || value === 'true')
  @IsBoolean()
  reported?: boolean;
}
