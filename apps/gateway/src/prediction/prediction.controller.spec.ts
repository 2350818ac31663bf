import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PredictionFailure } from '@moderation/contracts';
import { serverTimingOf } from '@moderation/testing';
import {
  PredictionFailedError,
  PredictionRefusedError,
  PredictionTimeoutError,
  ServiceUnavailableError,
  type GatewayError,
} from '../errors/gateway-errors';
import { IdempotencyStore } from '../idempotency/idempotency-store';
import { ModerationRedis } from '../moderation/moderation-redis';
import { memoryRedis } from '../testing/memory-key-value';
import { fakeModerationService, moderationOf } from '../testing/fake-moderation';
import { ModerationService } from '../moderation/moderation.service';
import { controllerSetup, type TestApp } from '../testing/controller-setup';
import { fakePredictionService, needsReview, prediction } from '../testing/fake-prediction';
import { noImageSelected, pdfBytes, photoForm, storedNameOf, tinyPng } from '../testing/photos';
import { UploadsModule } from '../uploads/uploads.module';
import { PredictionController } from './prediction.controller';
import { PredictionService } from './prediction.service';

const post = (body: FormData | string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers,
  body,
});
/** The error shape of `/predict`: the one error shape, with the original service's keys on top. */
const refusal = (statusCode: number, error: string, message: unknown = expect.any(String)) => ({
  success: false,
  prediction: null,
  score: null,
  statusCode,
  error,
  message,
});

describe('PredictionController (in process)', () => {
  let app: TestApp;
  let predictions: ReturnType<typeof fakePredictionService>;
  let moderations: ReturnType<typeof fakeModerationService>;

  async function start(env: Record<string, string> = {}): Promise<TestApp> {
    predictions = fakePredictionService(needsReview);
    moderations = fakeModerationService();
    return controllerSetup({
      imports: [UploadsModule],
      controllers: [PredictionController],
      providers: [
        { provide: PredictionService, useValue: predictions },
        { provide: ModerationService, useValue: moderations },
        IdempotencyStore,
        { provide: ModerationRedis, useValue: memoryRedis() },
      ],
      env,
    });
  }

  const uploaded = () => readdirSync(app.env.UPLOAD_DIR);

  beforeEach(async () => {
    app = await start();
  });

  afterEach(() => app.close());

  it('classifies a PNG: the original keys first, then the rest, and stores it by its content', async () => {
    const response = await app.fetch('/predict', post(photoForm()));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    // The original service's clients read these three before anything else.
    expect(Object.keys(body).slice(0, 3)).toEqual(['success', 'prediction', 'score']);
    const stored = storedNameOf(tinyPng);
    expect(body).toEqual({
      success: true,
      prediction: 'Sexy',
      score: 0.5521,
      scores: { Drawing: 0.01, Hentai: 0.02, Neutral: 0.4, Porn: 0.0179, Sexy: 0.5521 },
      verdict: 'review',
      reason: { label: 'Sexy', score: 0.5521, threshold: 0.4 },
      // A still image, or a result stored before every frame counted.
      frames: { total: 1, classified: 1, decisive: 0 },
      model: { id: 'mobilenet_v2', version: '4.4.0-c1' },
      policy: { version: 'manifest:mobilenet_v2@4.4.0-c1' },
      filename: stored,
      timing: { inferenceMs: 41, totalMs: 47, reused: false },
      moderationId: moderationOf(prediction()).id,
      reference: null,
    });
    expect(moderations.open).toHaveBeenCalledWith(
      expect.objectContaining({ storedName: stored, verdict: 'review' }),
      undefined,
    );
    expect(uploaded()).toEqual([stored]);
    expect(readFileSync(join(app.env.UPLOAD_DIR, stored))).toEqual(tinyPng);
  });

  const stagesOf = (response: Response) => serverTimingOf(response.headers.get('server-timing'));

  it('says in Server-Timing where the time went: the upload, storing it, the queue and the worker, the moderation', async () => {
    const response = await app.fetch('/predict', post(photoForm()));
    expect(response.status).toBe(200);
    const stages = stagesOf(response);
    expect(stages.map(({ name }) => name)).toEqual([
      'upload',
      'store',
      'classify',
      'inference',
      'moderation',
      'total',
    ]);
    const ms = Object.fromEntries(stages.map(({ name, ms }) => [name, ms]));
    // The worker's own time, as its answer reported it; the stages in the gateway add up to the total.
    expect(ms.inference).toBe(41);
    const laps = ms.upload + ms.store + ms.classify + ms.moderation;
    expect(ms.total).toBeGreaterThanOrEqual(laps - 0.2);
    expect(ms.total).toBeLessThan(laps + 50);
  });

  it('names an answer reused from earlier bytes as such in Server-Timing, with no worker time', async () => {
    predictions.predict.mockImplementationOnce(async (upload) =>
      prediction({ ...needsReview, storedName: upload.storedName, reused: true }),
    );
    const response = await app.fetch('/predict', post(photoForm()));
    expect(stagesOf(response).map(({ name }) => name)).toEqual([
      'upload',
      'store',
      'reuse',
      'moderation',
      'total',
    ]);
  });

  it('says which frame of an animation decided', async () => {
    const frames = { total: 40, classified: 16, decisive: 13 };
    predictions.predict.mockImplementationOnce(async (upload) =>
      prediction({ ...needsReview, storedName: upload.storedName, frames }),
    );
    const response = await app.fetch('/predict', post(photoForm()));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ frames, verdict: 'review', prediction: 'Sexy' });
  });

  it("carries the shop's reference into the moderation and back in the answer", async () => {
    const reference = 'review-8812/photo-2 ✓';
    const response = await app.fetch(
      '/predict',
      post(photoForm(tinyPng, { fields: { reference } })),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ reference, moderationId: expect.any(String) });
    expect(moderations.open).toHaveBeenCalledWith(expect.anything(), reference);
  });

  it('answers a retry with the same Idempotency-Key with the first answer, without classifying again', async () => {
    const send = (key: string, photo = tinyPng, reference?: string) =>
      app.fetch(
        '/predict',
        post(photoForm(photo, reference ? { fields: { reference } } : {}), {
          'idempotency-key': key,
        }),
      );
    const first = await send('order-1', tinyPng, 'ref-1');
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstBody = await first.json();
    const again = await send('order-1', tinyPng, 'ref-1');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // The replay classified nothing: its own time went to the upload alone.
    expect(stagesOf(again).map(({ name }) => name)).toEqual(['upload', 'store', 'total']);
    expect(await again.json()).toEqual(firstBody);
    expect(predictions.predict).toHaveBeenCalledTimes(1);
    expect(moderations.open).toHaveBeenCalledTimes(1);

    // The same key with another photo, or other fields, is a different request.
    const other = Buffer.concat([tinyPng, Buffer.from('other bytes')]);
    for (const response of [
      await send('order-1', other, 'ref-1'),
      await send('order-1', tinyPng, 'ref-2'),
    ]) {
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual(
        refusal(422, 'idempotency-key-reused', expect.stringMatching(/different request/)),
      );
    }
    // Another key is another request.
    expect((await send('order-2')).status).toBe(200);
    expect(predictions.predict).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed answer: a retry with the key classifies again', async () => {
    predictions.predict.mockRejectedValueOnce(new PredictionTimeoutError(10_000));
    const send = () => app.fetch('/predict', post(photoForm(), { 'idempotency-key': 'k-1' }));
    expect((await send()).status).toBe(504);
    expect((await send()).status).toBe(200);
    expect(predictions.predict).toHaveBeenCalledTimes(2);
  });

  it('refuses an Idempotency-Key that cannot be one with 400', async () => {
    for (const key of ['', 'with space', 'k'.repeat(256), 'caf\u00e9']) {
      const response = await app.fetch('/predict', post(photoForm(), { 'idempotency-key': key }));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid-idempotency-key' });
    }
    expect(predictions.predict).not.toHaveBeenCalled();
  });

  it('refuses a reference over 200 characters before anything is stored or classified', async () => {
    const response = await app.fetch(
      '/predict',
      post(photoForm(tinyPng, { fields: { reference: 'r'.repeat(201) } })),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(
      refusal(400, 'bad-request', 'reference must be at most 200 characters'),
    );
    expect(uploaded()).toEqual([]);
    expect(predictions.predict).not.toHaveBeenCalled();
  });

  it('stores a photo too large to hold in memory the same way, leaving no temporary file', async () => {
    // Past the in-memory limit the upload streams to a temporary file that is then linked.
    const large = Buffer.concat([tinyPng, Buffer.alloc(600 * 1024, 1)]);
    const response = await app.fetch('/predict', post(photoForm(large)));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ filename: storedNameOf(large) });
    expect(uploaded()).toEqual([storedNameOf(large)]);
    expect(readFileSync(join(app.env.UPLOAD_DIR, storedNameOf(large)))).toEqual(large);
  });

  it('passes the model asked for on to the service', async () => {
    const response = await app.fetch(
      '/predict',
      post(photoForm(tinyPng, { fields: { model: 'inception_v3' } })),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ model: { id: 'inception_v3' } });
  });

  it('answers reason null for a result recorded before reasons were', async () => {
    predictions.predict.mockResolvedValueOnce(prediction({ reason: undefined }));
    const response = await app.fetch('/predict', post(photoForm()));
    expect(await response.json()).toMatchObject({ verdict: 'approved', reason: null });
  });

  it.each<[string, () => RequestInit, string, string]>([
    ['no file part', () => post(modelOnly()), 'no-file', 'No file part'],
    [
      'a file part with no file chosen',
      () => ({ method: 'POST', ...noImageSelected() }),
      'no-image-selected',
      'No image selected for uploading',
    ],
  ])('answers %s with 400 and the original text', async (_case, request, code, message) => {
    const response = await app.fetch('/predict', request());
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(refusal(400, code, message));
    expect(uploaded()).toEqual([]);
  });

  it('refuses a PDF named .jpg by its bytes, and stores nothing', async () => {
    const response = await app.fetch(
      '/predict',
      post(photoForm(pdfBytes, { name: 'holiday.jpg', type: 'image/jpeg' })),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(refusal(400, 'unsupported-type'));
    expect(uploaded()).toEqual([]);
  });

  it('answers a JSON body with 400: an upload is multipart', async () => {
    const response = await app.fetch(
      '/predict',
      post(JSON.stringify({ file: tinyPng.toString('base64') }), {
        'content-type': 'application/json',
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(refusal(400, 'no-file', 'No file part'));
  });

  it('refuses a malformed model id before anything is stored or classified', async () => {
    const response = await app.fetch(
      '/predict',
      post(photoForm(tinyPng, { fields: { model: 'Bad Model!' } })),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(
      refusal(400, 'bad-request', 'model must be a model id such as mobilenet_v2'),
    );
    expect(uploaded()).toEqual([]);
    expect(predictions.predict).not.toHaveBeenCalled();
  });

  it.each<[string, GatewayError, number, string]>([
    [
      'no worker',
      new ServiceUnavailableError('The service cannot classify right now: no worker'),
      503,
      'unavailable',
    ],
    ['no answer in time', new PredictionTimeoutError(10_000), 504, 'timeout'],
    ['a failed job', new PredictionFailedError(), 502, 'prediction-failed'],
    [
      'too many pixels',
      new PredictionRefusedError(
        PredictionFailure.ImageTooLarge,
        'The image has too many pixels: image is 20000×20000 pixels',
      ),
      413,
      'image-too-large',
    ],
  ])('answers %s with its status, code and message', async (_case, error, status, code) => {
    predictions.predict.mockRejectedValueOnce(error);
    const response = await app.fetch('/predict', post(photoForm()));
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(refusal(status, code, error.message));
  });

  it('answers an unexpected error with 500 quoting an id, never its text or stack', async () => {
    predictions.predict.mockRejectedValue(new Error('boom'));
    const messages: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await app.fetch('/predict', post(photoForm()));
      expect(response.status).toBe(500);
      const body = (await response.json()) as { message: string };
      expect(body).toEqual(refusal(500, 'internal'));
      messages.push(body.message);
    }
    for (const message of messages) {
      expect(message).toMatch(/^Internal error [0-9a-f-]{36}; it has been logged$/);
      expect(message).not.toMatch(/boom|\bat\s|\.ts:\d/);
    }
    // One id per failure, so each can be found in the logs.
    expect(messages[0]).not.toBe(messages[1]);
  });

  it('answers GET with 405 and says POST is allowed', async () => {
    const response = await app.fetch('/predict');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toEqual(refusal(405, 'method-not-allowed'));
  });

  it('refuses a client over its limit with 429 and Retry-After, before storing the upload', async () => {
    await app.close();
    app = await start({ RATE_LIMIT_PREDICT: '2' });
    for (let i = 0; i < 2; i++) {
      expect((await app.fetch('/predict', post(photoForm()))).status).toBe(200);
    }
    const another = Buffer.concat([tinyPng, Buffer.from('trailing bytes')]);
    const refused = await app.fetch('/predict', post(photoForm(another)));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual(refusal(429, 'rate-limited'));
    expect(uploaded()).toEqual([storedNameOf(tinyPng)]);
  });
});

/** A multipart form without a `file` part: only the model field. */
function modelOnly(): FormData {
  const form = new FormData();
  form.append('model', 'mobilenet_v2');
  return form;
}
