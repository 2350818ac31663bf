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

export async function send(url: string, init: RequestInit = {}): Promise<JsonResponse> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000), ...init });
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  // Every answer of a gateway started by `Stack` must be one its API document declares.
  checkAgainstApiDocument(init.method ?? 'GET', response.url || url, response.redirected, {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
    body,
  });
  return { status: response.status, headers: response.headers, body };
}

export function postJson(url: string, value: unknown, headers: Record<string, string> = {}) {
  return send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  });
}
