import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LevelWithSilent } from 'pino';

/** The health endpoint's 503 is its normal answer while a dependency is missing (e.g. on start-up). */
const healthPath = '/health';

type Request = IncomingMessage & { originalUrl?: string };

function path(req: Request): string {
  return (req.originalUrl ?? req.url ?? '').split('?')[0];
}

/**
 * pino-http makes up an error, with a stack pointing into itself, for every 5xx answer. The
 * exception filter has already logged the real error, with its own stack, when there was one.
 */
function isMadeUp(res: ServerResponse, error: Error | undefined): boolean {
  return error?.message === `failed with status code ${res.statusCode}`;
}

/**
 * Level of the line logged when a response is finished: `error` only for failures somebody must
 * look at. A 503 is the service deliberately declining while something it needs is missing.
 */
export function requestLogLevel(req: Request, res: ServerResponse, error?: Error): LevelWithSilent {
  if (error && !isMadeUp(res, error)) return 'error';
  if (res.statusCode === 503) return path(req) === healthPath ? 'info' : 'warn';
  if (res.statusCode >= 500) return 'error';
  return res.statusCode >= 400 ? 'warn' : 'info';
}

/** The logged fields of a failed request, without the made-up error. */
export function requestErrorObject(
  _req: Request,
  res: ServerResponse,
  error: Error,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  if (!isMadeUp(res, error)) return fields;
  const rest = { ...fields };
  delete rest.err;
  return rest;
}

export function requestErrorMessage(_req: Request, res: ServerResponse, error: Error): string {
  return isMadeUp(res, error) ? 'request completed' : 'request errored';
}
