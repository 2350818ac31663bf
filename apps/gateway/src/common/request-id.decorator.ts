import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The request's id (the caller's `X-Request-Id` or a new one), as the logs know it. */
export const RequestId = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  String(context.switchToHttp().getRequest<Request & { id?: unknown }>().id ?? ''),
);
