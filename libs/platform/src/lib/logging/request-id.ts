import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const requestIdHeader = 'x-request-id';

/** Ids a client or proxy may hand us: short and free of anything that could forge log lines. */
const acceptableId = /^[\w.:-]{1,128}$/;

/**
 * The request's id: the caller's `X-Request-Id` when it is sane (so a shop's own tracing id
 * carries through), a new UUID otherwise. It is echoed back in the response header.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[requestIdHeader];
  const id = typeof given === 'string' && acceptableId.test(given) ? given : randomUUID();
  res.setHeader(requestIdHeader, id);
  return id;
}
