import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { feedbackCsvColumns, QueueName, type PredictionJobData } from '@moderation/contracts';
import { redisConnectionOptions } from '@moderation/platform';
import type { InferenceService } from '@moderation/inference';
import { csvRows, serverTimingOf } from '@moderation/testing';
import { answered, fixturePhoto } from './support/client';
import { fixture, postJson, send, upload } from './support/http';
import { pngClaiming } from './support/png-header';
import { loadReferenceInference } from './support/reference-inference';
import { dataTeamToken, Stack } from './support/stack';
import { pollUntil } from '@moderation/processes';

const photos = ['chelsea.png', 'rocket.jpg', 'coffee.png', 'astronaut.png', 'horse.png'];
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const bearer = { authorization: `Bearer ${dataTeamToken}` };

describe('the service end to end (real Redis, worker process and models)', () => {
  let stack: Stack;
  let inference: InferenceService;

  beforeAll(async () => {
    [stack, inference] = await Promise.all([Stack.start(), loadReferenceInference()]);
  });

  afterAll(async () => {
    await stack?.stop();
    await inference?.close();
  });

  const csvPath = () => join(stack.feedbackDir, 'feedback.csv');
  const readCsv = () => csvRows(existsSync(csvPath()) ? readFileSync(csvPath(), 'utf8') : '');
  const rowsWith = (reportId: unknown) =>
    pollUntil(readCsv, (rows) => rows.some((row) => row.report_id === reportId));

  describe('POST /predict', () => {
    it('answers real photos exactly as the inference library does, and stores each by its SHA-256', async () => {
      for (const name of photos) {
        const bytes = fixture(name);
        const [expected] = await inference.classify([bytes]);
        const { status, body } = await answered(stack.client().predict({ bytes, filename: name }));
        const extension = name.endsWith('.jpg') ? 'jpg' : 'png';
        expect(status).toBe(200);
        expect(body).toMatchObject({
          success: true,
          prediction: expected.prediction,
          score: expected.score,
          scores: expected.scores,
          verdict: expected.verdict,
          reason: expected.reason,
          model: expected.model,
          filename: `${sha256(bytes)}.${extension}`,
        });
        expect(typeof (body.timing as { totalMs: unknown }).totalMs).toBe('number');
        expect(readFileSync(join(stack.uploadDir, body.filename as string))).toEqual(bytes);
      }
    });

    it('says in Server-Timing how long the worker took and what the queue and the gateway added', async () => {
      // Bytes never sent before, so the worker classifies them.
      const bytes = Buffer.concat([fixture('rocket.jpg'), randomBytes(16)]);
      const durations = (headers: Headers) =>
        Object.fromEntries(
          serverTimingOf(headers.get('server-timing')).map(({ name, ms }) => [name, ms]),
        );
      const first = await upload(stack.url('/predict'), bytes);
      expect(first.status).toBe(200);
      const timing = first.body.timing as { inferenceMs: number; totalMs: number };
      const ms = durations(first.headers);
      // Every stage, in the order they ran.
      expect(first.headers.get('server-timing')).toMatch(
        /^upload;.*, store;.*, classify;.*, inference;.*, moderation;.*, total;/,
      );
      expect(ms.inference).toBe(timing.inferenceMs);
      expect(ms.inference).toBeGreaterThan(0);
      expect(ms.classify).toBeGreaterThanOrEqual(timing.totalMs - 1);
      expect(ms.total).toBeGreaterThanOrEqual(
        ms.upload + ms.store + ms.classify + ms.moderation - 0.2,
      );
      // The same bytes again: answered from the first prediction, with no worker time.
      const again = await upload(stack.url('/predict'), bytes);
      expect(again.headers.get('server-timing')).toMatch(
        /^upload;.*, store;.*, reuse;.*, moderation;.*, total;/,
      );
      expect(durations(again.headers)).not.toHaveProperty('inference');
    });

    it('uses the model a request names', async () => {
      const bytes = fixture('rocket.jpg');
      const [expected] = await inference.classify([bytes], 'inception_v3');
      const { status, body } = await answered(
        stack.client().predict({ bytes, filename: 'photo.jpg' }, { model: 'inception_v3' }),
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({
        prediction: expected.prediction,
        scores: expected.scores,
        model: { id: 'inception_v3' },
      });
    });

    it('serves a stored upload by its name only, read-only, and keeps the old /display route', async () => {
      const bytes = fixture('chelsea.png');
      const { body } = await answered(stack.client().predict({ bytes, filename: 'photo.jpg' }));
      const display = await fetch(stack.url(`/display/${String(body.filename)}`), {
        redirect: 'manual',
      });
      expect(display.status).toBe(301);
      expect(display.headers.get('location')).toBe(`/uploads/${String(body.filename)}`);
      const served = await fetch(stack.url(`/uploads/${String(body.filename)}`));
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);
      for (const path of ['/uploads/..%2F..%2Fetc%2Fpasswd', '/uploads/chelsea.png']) {
        expect((await fetch(stack.url(path))).status).toBe(404);
      }
      expect(
        (await send(stack.url(`/uploads/${String(body.filename)}`), { method: 'PUT' })).status,
      ).toBe(404);
    });

    it.each([
      ['no body at all', () => send(stack.url('/predict'), { method: 'POST' }), 'no-file'],
      ['a JSON body', () => postJson(stack.url('/predict'), { file: 'x' }), 'no-file'],
      [
        'a form without a file',
        () => {
          const form = new FormData();
          form.append('model', 'mobilenet_v2');
          return send(stack.url('/predict'), { method: 'POST', body: form });
        },
        'no-file',
      ],
      [
        'an empty file',
        () => answered(stack.client().predict({ bytes: Buffer.alloc(0), filename: 'photo.jpg' })),
        'empty-file',
      ],
      [
        'a text file named .jpg',
        () =>
          answered(
            stack.client().predict({ bytes: Buffer.from('just some words'), filename: 'cat.jpg' }),
          ),
        'unsupported-type',
      ],
      [
        'a PDF named .png',
        () =>
          answered(
            stack
              .client()
              .predict({ bytes: Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), filename: 'a.png' }),
          ),
        'unsupported-type',
      ],
      [
        'a GIF signature followed by garbage',
        () =>
          answered(
            stack.client().predict({
              bytes: Buffer.concat([Buffer.from('GIF89a'), randomBytes(200)]),
              filename: 'photo.jpg',
            }),
          ),
        'undecodable-image',
      ],
      [
        'an unknown model',
        () => answered(stack.client().predict(fixturePhoto('chelsea.png'), { model: 'resnet50' })),
        'unknown-model',
      ],
      [
        'a malformed model id',
        () => answered(stack.client().predict(fixturePhoto('chelsea.png'), { model: '../x' })),
        'bad-request',
      ],
    ])('refuses %s with 400 in the original shape, saying why', async (_case, request, code) => {
      const { status, body } = await request();
      expect(status).toBe(400);
      expect(body).toMatchObject({ success: false, prediction: null, score: null, error: code });
      expect(typeof body.message).toBe('string');
    });

    it('refuses an upload over the size limit with 413, without storing it', async () => {
      const stored = () => readdirSync(stack.uploadDir).filter((name) => !name.startsWith('.'));
      const before = stored();
      const { status, body } = await answered(
        stack.client().predict({ bytes: randomBytes(21 * 1024 * 1024), filename: 'photo.jpg' }),
      );
      expect(status).toBe(413);
      expect(body).toMatchObject({ success: false, error: 'too-large' });
      expect(stored()).toEqual(before);
    });

    it('refuses a decompression bomb (a small PNG claiming 30000×30000 pixels) with 413', async () => {
      const bomb = pngClaiming(30_000, 30_000);
      expect(bomb.length).toBeLessThan(10_000);
      const { status, body } = await answered(
        stack.client().predict({ bytes: bomb, filename: 'bomb.png' }),
      );
      expect(status).toBe(413);
      expect(body).toMatchObject({ success: false, error: 'image-too-large' });
      const healthy = await answered(stack.client().predict(fixturePhoto('chelsea.png')));
      expect(healthy.status).toBe(200);
    });

    it('leaves no temporary file behind, whatever the outcome', async () => {
      await pollUntil(
        async () => readdirSync(stack.uploadDir).filter((name) => name.startsWith('.')),
        (temporary) => temporary.length === 0,
      );
    });

    it('answers GET /predict with 405', async () => {
      const response = await send(stack.url('/predict'));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    });

    it('answers a repeated upload from the earlier result, and runs identical uploads in flight once', async () => {
      // A photo no other test here sends: the first upload of it runs the model.
      const bytes = fixture('motorcycle_left.png');
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          answered(stack.client().predict({ bytes, filename: 'photo.jpg' })),
        ),
      );
      expect(new Set(answers.map((a) => JSON.stringify(a.body.scores))).size).toBe(1);
      expect(answers.every((a) => a.status === 200)).toBe(true);
      const again = await answered(stack.client().predict({ bytes, filename: 'photo.jpg' }));
      expect(again.body.scores).toEqual(answers[0].body.scores);
      expect(again.body.timing).toMatchObject({ reused: true });

      const queue = new Queue<PredictionJobData>(QueueName.Prediction, {
        connection: redisConnectionOptions(stack.redis.url),
      });
      try {
        const jobs = await queue.getJobs(['completed', 'active', 'waiting']);
        expect(jobs.filter((job) => job.data.storedName === again.body.filename)).toHaveLength(1);
      } finally {
        await queue.close();
      }
    });

    it('answers 100 concurrent predictions, each correctly', async () => {
      const expected = new Map<string, string>();
      for (const name of photos) {
        const [result] = await inference.classify([fixture(name)]);
        expected.set(name, JSON.stringify(result.scores));
      }
      const requests = Array.from({ length: 100 }, (_, i) => photos[i % photos.length]);
      const answers = await Promise.all(
        requests.map(async (name) => ({
          name,
          ...(await answered(stack.client().predict(fixturePhoto(name)))),
        })),
      );
      for (const { name, status, body } of answers) {
        expect({ name, status }).toEqual({ name, status: 200 });
        expect(JSON.stringify(body.scores)).toBe(expected.get(name));
      }
    });
  });

  describe('POST /feedback', () => {
    let storedName: string;

    beforeAll(async () => {
      const { body } = await answered(stack.client().predict(fixturePhoto('coffee.png')));
      storedName = body.filename as string;
    });

    it('queues a JSON report and the worker writes it as one CSV row', async () => {
      const { status, body } = await answered(
        stack.client().report({
          filename: storedName,
          prediction: 'Sexy',
          score: 0.9346,
          correctLabel: 'Neutral',
          comment: 'A cup of coffee, "obviously", not racy',
          model: 'mobilenet_v2',
        }),
      );
      expect(status).toBe(202);
      const rows = await rowsWith(body.reportId);
      expect(Object.keys(rows[0])).toEqual([...feedbackCsvColumns]);
      expect(rows.find((row) => row.report_id === body.reportId)).toMatchObject({
        stored_name: storedName,
        prediction: 'Sexy',
        score: '0.9346',
        model: 'mobilenet_v2',
        correct_label: 'Neutral',
        comment: 'A cup of coffee, "obviously", not racy',
        source: 'json',
      });
    });

    it("accepts the original service's `report` form field", async () => {
      const { status, body } = await send(stack.url('/feedback'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          report: `{'filename': '${storedName}', 'prediction': 'Porn', 'score': 1. }`,
        }).toString(),
      });
      expect(status).toBe(200);
      const rows = await rowsWith(body.reportId);
      expect(rows.find((row) => row.report_id === body.reportId)).toMatchObject({
        stored_name: storedName,
        prediction: 'Porn',
        score: '1',
        source: 'report',
      });
    });

    it('neutralises cells a spreadsheet would run as formulas', async () => {
      const { body } = await answered(
        stack.client().report({
          filename: storedName,
          prediction: 'Neutral',
          score: 0.5,
          comment: '=HYPERLINK("http://evil.example","click")',
        }),
      );
      const rows = await rowsWith(body.reportId);
      expect(rows.find((row) => row.report_id === body.reportId)).toMatchObject({
        comment: `'=HYPERLINK("http://evil.example","click")`,
      });
    });

    it.each([
      [
        'a file name it never stored',
        { filename: `${'a'.repeat(64)}.png`, prediction: 'Porn', score: 0.9 },
        'unknown-file',
      ],
      [
        'a path as the file name',
        { filename: '../../etc/passwd', prediction: 'Porn', score: 0.9 },
        'bad-request',
      ],
      ['a score out of range', { filename: 'x', prediction: 'Porn', score: 7 }, 'bad-request'],
      ['no prediction', { score: 0.5 }, 'bad-request'],
      [
        'a right class the model does not have',
        { filename: 'STORED', prediction: 'Neutral', score: 0.5, correctLabel: 'Banana' },
        'unknown-label',
      ],
      [
        'a predicted class the model does not have',
        { filename: 'STORED', prediction: 'Banana', score: 0.5 },
        'unknown-label',
      ],
    ])('refuses %s with 400', async (_case, report: Record<string, unknown>, code) => {
      if (report.filename === 'STORED') report.filename = storedName;
      const { status, body } = await postJson(stack.url('/feedback'), report);
      expect(status).toBe(400);
      expect(body.error).toBe(code);
    });

    const bodies: [string, () => RequestInit['body'], number][] = [
      ['multipart', () => new FormData(), 400],
      ['text/plain', () => 'filename=x', 415],
      ['no body', () => undefined, 400],
    ];
    it.each(bodies)(
      'answers a report sent as %s with a 4xx and the error shape, writing nothing',
      async (_case, body, status) => {
        const before = await readCsv();
        const init: RequestInit = { method: 'POST', body: body() };
        if (typeof init.body === 'string') init.headers = { 'content-type': 'text/plain' };
        const response = await send(stack.url('/feedback'), init);
        expect(response.status).toBe(status);
        expect(response.body).toMatchObject({ statusCode: status, error: expect.any(String) });
        expect(await readCsv()).toHaveLength(before.length);
      },
    );

    it('accepts the page form sent as multipart, with the class left at "not sure"', async () => {
      const form = new FormData();
      for (const [name, value] of Object.entries({
        filename: storedName,
        prediction: 'Neutral',
        score: '0.75',
        model: 'mobilenet_v2',
        correctLabel: '',
        comment: '',
      })) {
        form.append(name, value);
      }
      const { status, body } = await send(stack.url('/feedback'), { method: 'POST', body: form });
      expect(status).toBe(200);
      const rows = await rowsWith(body.reportId);
      expect(rows.find((row) => row.report_id === body.reportId)).toMatchObject({
        stored_name: storedName,
        correct_label: '',
        comment: '',
        source: 'page',
      });
    });

    it('refuses a `report` that is not a dict', async () => {
      const { status } = await send(stack.url('/feedback'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ report: "__import__('os')" }).toString(),
      });
      expect(status).toBe(400);
    });

    it('answers GET /feedback with the page and writes nothing', async () => {
      const before = await readCsv();
      const response = await send(stack.url('/feedback'));
      expect(response.status).toBe(200);
      expect(String(response.body.text)).toContain('<form');
      expect(await readCsv()).toHaveLength(before.length);
    });
  });

  describe('the data team routes', () => {
    it('export the CSV only with the token', async () => {
      expect((await send(stack.url('/feedback/export'))).status).toBe(401);
      expect(
        (await send(stack.url('/feedback/export'), { headers: { authorization: 'Bearer wrong' } }))
          .status,
      ).toBe(401);
      const response = await send(stack.url('/feedback/export'), { headers: bearer });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      const text = String(response.body.text);
      expect(text.split('\n')[0]).toBe(feedbackCsvColumns.join(','));
      expect(text).toBe(readFileSync(join(stack.feedbackDir, 'feedback.csv'), 'utf8'));
    });

    it('show the queue dashboard (Bull Board) only with the token', async () => {
      expect((await fetch(stack.url('/admin/queues'))).status).toBe(401);
      const board = await fetch(stack.url('/admin/queues'), { headers: bearer });
      expect(board.status).toBe(200);
      expect(await board.text()).toContain('<div id="root">');
      const api = await fetch(stack.url('/admin/queues/api/queues?activeQueue=prediction'), {
        headers: bearer,
      });
      const { queues } = (await api.json()) as { queues: { name: string }[] };
      expect(queues.map((q) => q.name).sort()).toEqual([
        'batch',
        'feedback',
        'prediction',
        'review',
        'webhook',
      ]);
      expect((await fetch(stack.url('/admin/queues/api/queues'))).status).toBe(401);
    });

    it('list recent reports with thumbnails only with the token (Bearer, or Basic from a browser)', async () => {
      const denied = await send(stack.url('/feedback/review'));
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toMatch(/^Basic/);
      const rows = await readCsv();
      expect(rows.length).toBeGreaterThan(0);
      for (const authorization of [
        bearer.authorization,
        `Basic ${Buffer.from(`data:${dataTeamToken}`).toString('base64')}`,
      ]) {
        const page = await send(stack.url('/feedback/review'), { headers: { authorization } });
        expect(page.status).toBe(200);
        const html = String(page.body.text);
        expect(html).toContain(`/uploads/${rows[rows.length - 1].stored_name}`);
        expect(html).toContain(rows[rows.length - 1].prediction);
      }
    });
  });

  describe('GET /metrics', () => {
    it('counts requests by route and status, splits prediction time, and counts reuse', async () => {
      const response = await send(stack.url('/metrics'));
      expect(response.status).toBe(200);
      const text = String(response.body.text);
      const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
      expect(
        value(/^http_requests_total\{method="POST",route="\/predict",status="200"\} (\d+)$/m),
      ).toBeGreaterThanOrEqual(100);
      expect(
        value(/^http_requests_total\{method="POST",route="\/predict",status="400"\} (\d+)$/m),
      ).toBeGreaterThan(0);
      for (const phase of ['queue', 'inference', 'total']) {
        expect(
          value(
            new RegExp(`^moderation_prediction_seconds_count\\{phase="${phase}"\\} (\\d+)$`, 'm'),
          ),
        ).toBeGreaterThan(0);
      }
      // Photos sent again to the gateway that answered them come from its memory.
      expect(value(/^moderation_prediction_reused_total\{from="memory"\} (\d+)$/m)).toBeGreaterThan(
        0,
      );
      expect(text).toMatch(/^moderation_queue_jobs\{queue="prediction",state="waiting"\} \d+$/m);
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    });
  });

  describe('OpenAPI', () => {
    it('serves Swagger UI at /docs and documents every route with its statuses', async () => {
      const ui = await fetch(stack.url('/docs'));
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger-ui');
      const { status, body } = await send(stack.url('/docs-json'));
      expect(status).toBe(200);
      const paths = body.paths as Record<
        string,
        Record<string, { responses: object; requestBody?: { content: object } }>
      >;
      expect(Object.keys(paths['/predict'].post.requestBody?.content ?? {})).toContain(
        'multipart/form-data',
      );
      expect(Object.keys(paths['/predict'].post.responses).sort()).toEqual([
        '200',
        '400',
        '409',
        '413',
        '422',
        '429',
        '500',
        '502',
        '503',
        '504',
      ]);
      expect(Object.keys(paths['/feedback'].post.responses)).toEqual(
        expect.arrayContaining(['202', '400', '429', '503']),
      );
      expect(Object.keys(paths['/feedback/export'].get.responses)).toEqual(
        expect.arrayContaining(['200', '401']),
      );
      expect(paths['/predict'].get.responses).toHaveProperty('405');
      expect(Object.keys(paths['/moderations'].post.responses)).toEqual(
        expect.arrayContaining(['202', '400', '401', '409', '422', '503']),
      );
      expect(Object.keys(paths['/batches/{id}'].get.responses)).toEqual(
        expect.arrayContaining(['200', '401', '404']),
      );
      const schemas = (body.components as { schemas: Record<string, { properties: object }> })
        .schemas;
      expect(Object.keys(schemas.PredictionResponseDto.properties)).toEqual(
        expect.arrayContaining([
          'success',
          'prediction',
          'score',
          'scores',
          'verdict',
          'reason',
          'frames',
          'model',
          'filename',
        ]),
      );
    });
  });
});

describe('the service without an answering worker', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({
      withoutWorker: true,
      gatewayEnv: { PREDICTION_TIMEOUT_MS: '1500' },
    });
  });

  afterAll(() => stack?.stop());

  it('answers 503 at once when no worker runs', async () => {
    const started = Date.now();
    const { status, body } = await answered(stack.client().predict(fixturePhoto('chelsea.png')));
    expect(status).toBe(503);
    expect(body).toMatchObject({
      success: false,
      prediction: null,
      score: null,
      error: 'unavailable',
    });
    expect(String(body.message)).toContain('no worker');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('answers 504 after the prediction timeout when the worker hangs', async () => {
    const worker = stack.startWorker();
    await stack.healthy();
    process.kill(worker.pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const { status, body } = await answered(stack.client().predict(fixturePhoto('chelsea.png')));
      expect(status).toBe(504);
      expect(body).toMatchObject({ success: false, error: 'timeout' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      process.kill(worker.pid, 'SIGCONT');
    }
  });
});
