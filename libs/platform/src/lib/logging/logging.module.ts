import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { LogFormat, LogLevel } from '../config/common-env';
import { assignRequestId } from './request-id';
import { requestErrorMessage, requestErrorObject, requestLogLevel } from './request-log';

export interface LoggingOptions {
  /** Name of the process, on every line, so merged logs say which app wrote them. */
  service: string;
  level: LogLevel;
  format: LogFormat;
}

/**
 * Structured logging with pino: one JSON object per line in production, readable lines in
 * development. In an HTTP app every line logged while serving a request carries its `reqId`.
 */
export function loggingModule(options: LoggingOptions): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: options.level,
      base: { service: options.service },
      genReqId: assignRequestId,
      // Method, path and status are what an operator reads; headers may carry tokens and cookies.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: requestLogLevel,
      customErrorObject: requestErrorObject,
      customErrorMessage: requestErrorMessage,
      transport:
        options.format === 'pretty'
          ? {
              target: 'pino-pretty',
              options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' },
            }
          : undefined,
    },
  });
}
