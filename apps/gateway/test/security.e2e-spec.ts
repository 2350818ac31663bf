import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixture, postJson, send, upload } from './support/http';
import { Stack } from './support/stack';

/** Traces of the server's insides that no response may carry. */
const internals = /\bat [\w.<>]+ \(|node_modules|\/(work|tmp|home|app|src)\/|\.ts:\d+/;

/** An upload never sent before, so nothing can be answered from an earlier result. */
const freshPhoto = () => Buffer.concat([fixture('rocket.jpg'), randomBytes(8)]);

function preflight(url: string, origin: string) {
  return send(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST' },
  });
}

describe('security headers, CORS and error hygiene (default settings)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ withoutWorker: true });
  });

  afterAll(() => stack?.stop());

  it.each([
    ['the upload page', () => send(stack.url('/'))],
    ['the API docs', () => send(stack.url('/docs'))],
    ['an API error', () => upload(stack.url('/predict'), Buffer.from('not an image'))],
    ['an unknown route', () => send(stack.url('/nowhere'))],
  ])('sends security headers with %s', async (_case, request) => {
    const { headers } = await request();
    expect(headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('x-powered-by')).toBeNull();
  });

  it('lets no other web origin call the API from a browser', async () => {
    const answer = await preflight(stack.url('/predict'), 'https://elsewhere.example');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const read = await send(stack.url('/health'), {
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it.each([
    [
      'malformed JSON',
      () =>
        send(stack.url('/feedback'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"filename": ',
        }),
    ],
    ['a report with wrong types', () => postJson(stack.url('/feedback'), { filename: 42 })],
    ['a path as a stored name', () => send(stack.url('/uploads/..%2f..%2fetc%2fpasswd'))],
    ['a text file as a photo', () => upload(stack.url('/predict'), Buffer.from('hello'))],
  ])('answers %s with a 4xx that shows no stack trace or server path', async (_case, request) => {
    const { status, body } = await request();
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(JSON.stringify(body)).not.toMatch(internals);
  });
});

describe('rate limits and allowed origins (configured)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({
      withoutWorker: true,
      gatewayEnv: {
        RATE_LIMIT_PREDICT: '3',
        RATE_LIMIT_FEEDBACK: '2',
        RATE_LIMIT_WINDOW_SECONDS: '2',
        CORS_ORIGINS: 'https://shop.example,https://admin.shop.example',
      },
    });
  });

  afterAll(() => stack?.stop());

  const stored = () => readdirSync(stack.uploadDir).filter((name) => !name.startsWith('.'));

  it('answers 429 with Retry-After past a client’s prediction limit, stores nothing, and serves again after it', async () => {
    for (let i = 0; i < 3; i++) {
      // No worker runs: 503, but each request counts.
      expect((await upload(stack.url('/predict'), freshPhoto())).status).toBe(503);
    }
    const before = stored();
    const limited = await upload(stack.url('/predict'), freshPhoto());
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ success: false, prediction: null, error: 'rate-limited' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(stored()).toEqual(before);

    // The upload page's form counts against the same limit.
    const page = new FormData();
    page.append('file', new Blob([new Uint8Array(freshPhoto())]), 'photo.jpg');
    expect((await send(stack.url('/'), { method: 'POST', body: page })).status).toBe(429);

    await sleep(retryAfter * 1000 + 200);
    expect((await upload(stack.url('/predict'), freshPhoto())).status).toBe(503);
  });

  it('counts feedback separately, with its own limit', async () => {
    const report = { filename: `${'0'.repeat(64)}.jpg`, correct_label: 'Neutral' };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await postJson(stack.url('/feedback'), report));
    // Unknown file: 400 twice, then the limit.
    expect(answers.map((a) => a.status)).toEqual([400, 400, 429]);
    expect(answers[2].body).toMatchObject({ statusCode: 429, error: 'rate-limited' });
    expect(answers[2].headers.get('retry-after')).toMatch(/^[12]$/);
  });

  it('lets the configured origins, and only those, call the API from a browser', async () => {
    for (const origin of ['https://shop.example', 'https://admin.shop.example']) {
      const answer = await preflight(stack.url('/predict'), origin);
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    }
    const other = await preflight(stack.url('/predict'), 'https://elsewhere.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
