import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { workspaceRoot } from '@moderation/testing';
import { checkAgainstApiDocument } from './api-contract';

export const fixturesDir = resolve(workspaceRoot, 'fixtures/images');

export function fixture(name: string): Buffer {
  return readFileSync(join(fixturesDir, name));
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** `POST /predict` (or another upload route) with one multipart `file`, as a browser or curl sends it. */
export async function upload(
  url: string,
  bytes: Buffer,
  {
    filename = 'photo.jpg',
    field = 'file',
    extra = {} as Record<string, string>,
    headers = {} as Record<string, string>,
  } = {},
): Promise<JsonResponse> {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)]), filename);
  for (const [name, value] of Object.entries(extra)) form.append(name, value);
  return send(url, { method: 'POST', body: form, headers });
}

/**
 * `fetch`, checking that every answer of a gateway started by `Stack` is one its API document
 * declares: what the raw helpers below and the typed client (see `client.ts`) send through.
 */
export const contractCheckedFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const response = await fetch(request);
  const text = await response.clone().text();
  checkAgainstApiDocument(request.method, response.url || request.url, response.redirected, {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
    body: parsed(text),
  });
  return response;
};

function parsed(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { text };
  }
}

/**
 * A request as it is, for what the typed client would never send: malformed bodies, odd content
 * types, missing or wrong credentials, routes outside the document.
 */
export async function send(url: string, init: RequestInit = {}): Promise<JsonResponse> {
  const response = await contractCheckedFetch(url, {
    signal: AbortSignal.timeout(30_000),
    ...init,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: parsed(await response.text()),
  };
}

export function postJson(url: string, value: unknown, headers: Record<string, string> = {}) {
  return send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  });
}
