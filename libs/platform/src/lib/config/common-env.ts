import { Expose } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof logLevels)[number];
export type LogFormat = 'json' | 'pretty';

/** Variables both the gateway and the worker read. */
export class CommonEnv {
  @Expose()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Expose()
  @Matches(/^rediss?:\/\/[^\s]+$/, {
    message: 'must be a redis:// or rediss:// URL',
  })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Expose()
  @IsIn(logLevels)
  LOG_LEVEL: LogLevel = 'info';

  /** JSON lines for log shippers in production, coloured lines for people otherwise. */
  @Expose()
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: LogFormat;

  get logFormat(): LogFormat {
    return this.LOG_FORMAT ?? (this.NODE_ENV === 'production' ? 'json' : 'pretty');
  }
}
