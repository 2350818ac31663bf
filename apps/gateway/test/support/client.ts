import { createModerationClient, type ModerationClient } from '@moderation/api-client';
import { contractCheckedFetch, fixture, type JsonResponse } from './http';

/**
 * The typed client (`libs/api-client`) for a started gateway: the suites talk to the service as a
 * shop's backend would, so a route or field the document lost fails to compile here, and every
 * answer is still checked against the document.
 */
export function clientFor(baseUrl: string, token?: string): ModerationClient {
  return createModerationClient({ baseUrl, token, fetch: contractCheckedFetch });
}

/** A fixture photo as the client sends it, under its own name unless told another. */
export function fixturePhoto(name: string, filename = name) {
  return { bytes: fixture(name), filename };
}

/**
 * A client answer as the suites assert on it: the status, the headers and the body, whether it
 * was a success (`data`) or an error (`error`).
 */
export async function answered(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<JsonResponse> {
  const { data, error, response } = await call;
  return {
    status: response.status,
    headers: response.headers,
    body: (data ?? error ?? {}) as Record<string, unknown>,
  };
}
