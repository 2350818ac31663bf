import { HttpException, HttpStatus } from '@nestjs/common';
import { GatewayError } from './gateway-errors';

/** What every error response says, whatever shape the route answers in. */
export interface Problem {
  status: number;
  /** Stable machine-readable code, e.g. `unsupported-type`. */
  code: string;
  /** A sentence for people; never a stack trace or a path on the server. */
  message: string;
  /** Set for unexpected errors only: quoted in the response, logged with the stack. */
  errorId?: string;
  headers?: Readonly<Record<string, string>>;
}

const codesByStatus: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'bad-request',
  [HttpStatus.UNAUTHORIZED]: 'unauthorized',
  [HttpStatus.FORBIDDEN]: 'forbidden',
  [HttpStatus.NOT_FOUND]: 'not-found',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'method-not-allowed',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'too-large',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'unsupported-media-type',
  [HttpStatus.TOO_MANY_REQUESTS]: 'rate-limited',
};

/** Express's own errors (e.g. body-parser's) carry their status and a message safe to show. */
interface ExpressError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
}

/** Turns anything thrown into a {@link Problem}; unexpected errors get an id and a generic message. */
export function toProblem(error: unknown, newErrorId: () => string): Problem {
  if (error instanceof GatewayError) {
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      headers: error.headers,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const raw =
      typeof body === 'object' && body !== null && 'message' in body ? body.message : error.message;
    const message = Array.isArray(raw) ? raw.join('; ') : String(raw);
    return { status, code: codesByStatus[status] ?? `http-${status}`, message };
  }
  const express = error as ExpressError | undefined;
  const status = express?.status ?? express?.statusCode;
  if (express?.expose && typeof status === 'number' && status >= 400 && status < 500) {
    return {
      status,
      code: codesByStatus[status] ?? `http-${status}`,
      message: express.message ?? 'Bad request',
    };
  }
  const errorId = newErrorId();
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    code: 'internal',
    message: `Internal error ${errorId}; it has been logged`,
    errorId,
  };
}
