import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InferenceService } from '@moderation/inference';
import { fixture, send, upload, type JsonResponse } from './support/http';
import { everyBody } from './support/every-body';
import { imageVariants, type ImageVariant } from './support/image-variants';
import { loadReferenceInference } from './support/reference-inference';
import { Stack } from './support/stack';
import { pollUntil } from '@moderation/processes';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Bad input must be refused at once: well under the prediction timeout. */
const promptMs = 2000;

describe('bad input (real Redis, worker process and models)', () => {
  let stack: Stack;
  let inference: InferenceService;

  beforeAll(async () => {
    [stack, inference] = await Promise.all([Stack.start(), loadReferenceInference()]);
  });

  afterAll(async () => {
    await stack?.stop();
    await inference?.close();
  });

  afterEach(async () => {
    // Whatever came before, the service still answers a good photo.
    const { status } = await upload(stack.url('/predict'), fixture('rocket.jpg'));
    expect(status).toBe(200);
  });

  const storedNames = () => readdirSync(stack.uploadDir).filter((name) => !name.startsWith('.'));

  async function timed(request: () => Promise<JsonResponse>): Promise<JsonResponse> {
    const started = Date.now();
    const response = await request();
    expect(Date.now() - started).toBeLessThan(promptMs);
    return response;
  }

  /** A multipart body by hand, for what `FormData` will not produce. */
  function multipart(parts: { field: string; filename?: string; bytes: Buffer }[]) {
    const boundary = 'bad-input-boundary';
    const body = Buffer.concat([
      ...parts.flatMap(({ field, filename, bytes }) => [
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${field}"` +
            (filename === undefined ? '' : `; filename="${filename}"`) +
            '\r\nContent-Type: application/octet-stream\r\n\r\n',
        ),
        bytes,
        Buffer.from('\r\n'),
      ]),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    return { body, contentType: `multipart/form-data; boundary=${boundary}` };
  }

  function postMultipart(body: Buffer, contentType: string): Promise<JsonResponse> {
    return send(stack.url('/predict'), {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    });
  }

  it.each([
    [
      'a truncated JPEG',
      () => {
        const jpeg = fixture('rocket.jpg');
        return upload(stack.url('/predict'), jpeg.subarray(0, jpeg.length / 2));
      },
      'undecodable-image',
    ],
    [
      'two files in one request',
      () => {
        const { body, contentType } = multipart([
          { field: 'file', filename: 'a.jpg', bytes: fixture('rocket.jpg') },
          { field: 'file', filename: 'b.png', bytes: fixture('chelsea.png') },
        ]);
        return postMultipart(body, contentType);
      },
      'bad-request',
    ],
    [
      'a file under another field name',
      () => upload(stack.url('/predict'), fixture('rocket.jpg'), { field: 'image' }),
      'bad-request',
    ],
    [
      // Header values may not hold control characters; browsers escape them, busboy refuses them.
      'a file name with a raw NUL byte (a malformed part header)',
      () => upload(stack.url('/predict'), fixture('rocket.jpg'), { filename: 'cat\u0000.php.jpg' }),
      'bad-request',
    ],
    [
      'a multipart body that ends in the middle of the file',
      () => {
        const { body, contentType } = multipart([
          { field: 'file', filename: 'a.jpg', bytes: fixture('rocket.jpg') },
        ]);
        return postMultipart(body.subarray(0, body.length / 2), contentType);
      },
      'bad-request',
    ],
  ])('refuses %s with 400 and a JSON error, at once', async (_case, request, code) => {
    const before = storedNames();
    const { status, body } = await timed(request);
    expect(status).toBe(400);
    expect(body).toMatchObject({ success: false, prediction: null, error: code });
    expect(typeof body.message).toBe('string');
    if (code !== 'undecodable-image') expect(storedNames()).toEqual(before);
  });

  // Up to 8 MB a request is received in memory; a larger one streams to a temporary file.
  it.each([
    ['received in memory', fixture('coffee.png')],
    ['on its way to disk', Buffer.concat([fixture('coffee.png'), randomBytes(9 * 1024 ** 2)])],
  ])(
    'survives a client that disconnects in the middle of an upload %s, leaving no temporary file',
    async (_, bytes) => {
      const { body, contentType } = multipart([{ field: 'file', filename: 'a.png', bytes }]);
      const { port } = new URL(stack.baseUrl);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise((done) => socket.once('connect', done));
      socket.write(
        `POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${contentType}\r\n` +
          `Content-Length: ${body.length}\r\n\r\n`,
      );
      socket.write(body.subarray(0, body.length / 3));
      const temporaryFiles = () =>
        Promise.resolve(readdirSync(stack.uploadDir).filter((name) => name.startsWith('.')));
      if (bytes.length > 8 * 1024 ** 2)
        await pollUntil(temporaryFiles, (found) => found.length > 0);
      else await sleep(200);
      socket.destroy();
      await pollUntil(temporaryFiles, (found) => found.length === 0);
      expect((await upload(stack.url('/predict'), fixture('rocket.jpg'))).status).toBe(200);
    },
  );

  it.each([
    ['a path', '../../../etc/cron.d/evil.jpg'],
    ['a very long name', `${'x'.repeat(1000)}.jpg`],
    ['non-ASCII characters', 'фото кота 😺.jpg'],
  ])('stores a file whose name has %s under its content hash only', async (_case, filename) => {
    const bytes = fixture('chelsea.png');
    const { status, body } = await timed(() => upload(stack.url('/predict'), bytes, { filename }));
    expect(status).toBe(200);
    expect(body.filename).toBe(`${sha256(bytes)}.png`);
    expect(
      storedNames().every((name) => /^[0-9a-f]{64}\.(jpg|png|gif|webp|tiff)$/.test(name)),
    ).toBe(true);
  });

  describe('every body a browser or a client can send', () => {
    let stored: string;
    const photo = fixture('coffee.png');
    const postRoutes = ['/', '/predict', '/feedback'];
    const getRoutes = [
      '/',
      '/predict',
      '/feedback',
      '/feedback/export',
      '/feedback/review',
      '/results/STORED',
      '/results/STORED?model=Banana',
      '/results/not-a-stored-name.png',
      `/results/${'f'.repeat(64)}.png`,
      '/display/anything.jpg',
      '/uploads/anything.jpg',
      '/uploads/STORED',
      '/health',
      '/metrics',
      '/favicon.ico',
      '/docs-json',
      '/no/such/route',
    ];
    const clients = [
      ['a client', '*/*'],
      ['a browser', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
    ];

    beforeAll(async () => {
      stored = (await upload(stack.url('/predict'), photo)).body.filename as string;
    });

    /** A 4xx carries the one error shape; HTML for a browser on a page, JSON otherwise. */
    function expectHandled(response: JsonResponse, accept: string, path: string): void {
      expect(response.status).toBeLessThan(500);
      if (response.status < 400) return;
      const page = accept.startsWith('text/html') && ['/', '/feedback'].includes(path);
      if (
        typeof response.body.text === 'string' &&
        response.body.text.includes('<!doctype html>')
      ) {
        expect(page || path.startsWith('/results/')).toBe(true);
        return;
      }
      expect(response.body).toEqual(
        expect.objectContaining({
          statusCode: response.status,
          error: expect.any(String),
          message: expect.any(String),
        }),
      );
    }

    describe.each(clients)('from %s', (_client, accept) => {
      it.each(
        postRoutes.flatMap((path) => everyBody.map((body) => [path, body.name, body] as const)),
      )('POST %s with %s: a 4xx with the error shape, or success', async (path, _name, body) => {
        const init = body.init(stored, photo);
        const response = await timed(() =>
          send(stack.url(path), {
            ...init,
            method: 'POST',
            redirect: 'manual',
            headers: { accept, ...(init.headers as Record<string, string>) },
          }),
        );
        expectHandled(response, accept, path);
      });

      it.each(getRoutes)('GET %s: a 4xx with the error shape, or success', async (route) => {
        const path = route.replace('STORED', stored);
        const response = await timed(() =>
          send(stack.url(path), { redirect: 'manual', headers: { accept } }),
        );
        expectHandled(response, accept, path);
      });
    });
  });

  describe('image encodings that must be accepted', () => {
    const original = fixture('chelsea.png');
    let variants: ImageVariant[] = [];

    beforeAll(async () => {
      variants = await imageVariants(original);
    });

    it('classifies every variant like the plain photo', async () => {
      const expected = await inference.classifyOne(original);
      const results = [];
      for (const variant of variants) {
        const { status, body } = await upload(stack.url('/predict'), variant.bytes, {
          filename: 'upload',
        });
        const scores = (body.scores ?? {}) as Record<string, number>;
        const drift = Math.max(
          ...Object.entries(expected.scores).map(([label, p]) =>
            Math.abs((scores[label] ?? 1) - p),
          ),
        );
        const frames = body.frames as { total: number; classified: number } | undefined;
        results.push({ variant: variant.name, status, prediction: body.prediction, drift });
        expect({
          variant: variant.name,
          status,
          prediction: body.prediction,
          frames: [frames?.total, frames?.classified],
        }).toEqual({
          variant: variant.name,
          status: 200,
          prediction: expected.prediction,
          frames: [variant.frames ?? 1, variant.frames ?? 1],
        });
        expect(drift).toBeLessThanOrEqual(variant.fidelity);
      }
      console.log(
        `variants of chelsea.png vs the original (${expected.prediction} ${expected.score}):\n` +
          results
            .map((r) => `  ${r.variant}: ${r.prediction}, drift ${r.drift.toFixed(4)}`)
            .join('\n'),
      );
    });
  });
});
