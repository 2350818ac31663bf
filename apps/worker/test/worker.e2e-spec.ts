import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import sharp from 'sharp';
import {
  auditLogFile,
  decisionCsvFile,
  defaultJobOptions,
  JobName,
  parseFailure,
  PredictionFailure,
  QueueName,
  type DecisionRecordData,
  type FrameStripQueue,
  type PredictionJobData,
  type PredictionResult,
} from '@moderation/contracts';
import { verifyAuditLog } from '@moderation/audit-log';
import { startRedisServer, type EmbeddedRedis } from '@moderation/embedded-redis';
import { redisConnectionOptions } from '@moderation/platform';
import { AppProcess, csvRows, distEntry, getJson, workspaceRoot } from '@moderation/testing';
import { freePort, pollUntil } from '@moderation/processes';
import { InferenceService } from '@moderation/inference';
import { decisionRecord } from '../src/testing/records';

const modelDir = resolve(workspaceRoot, 'var/models');
const photo = resolve(workspaceRoot, 'fixtures/images/chelsea.png');

describe('worker process (real Redis, real models)', () => {
  let dataDir: string;
  let uploads: string;
  let feedbackDir: string;
  let redis: EmbeddedRedis;
  let worker: AppProcess;
  let healthUrl: string;
  let queue: Queue<PredictionJobData, PredictionResult>;
  let events: QueueEvents;
  let records: Queue<DecisionRecordData>;
  let recordEvents: QueueEvents;

  /** Stores bytes the way the gateway does: named by their SHA-256. */
  function store(bytes: Buffer, extension = 'png'): string {
    const name = `${createHash('sha256').update(bytes).digest('hex')}.${extension}`;
    writeFileSync(join(uploads, name), bytes);
    return name;
  }

  async function failure(data: PredictionJobData) {
    const job = await queue.add(JobName.Classify, data);
    await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow();
    const failed = await queue.getJob(job.id ?? '');
    return { attempts: failed?.attemptsMade, ...parseFailure(failed?.failedReason ?? '') };
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'worker-e2e-'));
    uploads = join(dataDir, 'uploads');
    feedbackDir = join(dataDir, 'feedback');
    mkdirSync(uploads);
    redis = await startRedisServer({ port: await freePort(), dataDir: join(dataDir, 'redis') });
    const connection = redisConnectionOptions(redis.url);
    queue = new Queue(QueueName.Prediction, {
      connection,
      defaultJobOptions: defaultJobOptions[QueueName.Prediction],
    });
    events = new QueueEvents(QueueName.Prediction, { connection });
    await events.waitUntilReady();
    records = new Queue(QueueName.Feedback, {
      connection,
      defaultJobOptions: defaultJobOptions[QueueName.Feedback],
    });
    recordEvents = new QueueEvents(QueueName.Feedback, { connection });
    await recordEvents.waitUntilReady();
    worker = AppProcess.start(distEntry('apps/worker'), {
      REDIS_URL: redis.url,
      WORKER_HEALTH_PORT: '0',
      UPLOAD_DIR: uploads,
      FEEDBACK_DIR: feedbackDir,
      MODEL_DIR: modelDir,
      INFERENCE_THREADS: '1',
      WORKER_CONCURRENCY: '12',
      MAX_BATCH: '8',
    });
    const [, port] = await worker.waitForOutput(
      /health endpoint on http:\/\/localhost:(\d+)\/health/,
      60_000,
    );
    healthUrl = `http://127.0.0.1:${port}/health`;
  });

  afterAll(async () => {
    if (worker.running) await worker.stop('SIGKILL');
    await events.close();
    await queue.close();
    await recordEvents.close();
    await records.close();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports itself healthy with Redis, the consumer and both models up', async () => {
    const { status, body } = await pollUntil(
      () => getJson(healthUrl),
      (h) => h.status === 200,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      checks: {
        redis: { status: 'up' },
        consumer: { status: 'up', concurrency: 12 },
        models: {
          status: 'up',
          loaded: expect.arrayContaining([
            expect.objectContaining({ id: 'mobilenet_v2', default: true }),
            expect.objectContaining({ id: 'inception_v3', default: false }),
          ]),
        },
      },
    });
  });

  it('classifies a stored photo with the default model, and logs the request id', async () => {
    const storedName = store(readFileSync(photo));
    const job = await queue.add(JobName.Classify, { requestId: 'req-e2e-1', storedName });
    const result = await job.waitUntilFinished(events, 20_000);

    expect(result.model.id).toBe('mobilenet_v2');
    expect(Object.keys(result.scores).sort()).toEqual([
      'Drawing',
      'Hentai',
      'Neutral',
      'Porn',
      'Sexy',
    ]);
    expect(result.scores[result.prediction]).toBe(result.score);
    expect(result.verdict).toMatch(/^(approved|review|rejected)$/);
    expect(result.inferenceMs).toBeGreaterThanOrEqual(0);

    // The line is written just after the job completes: wait for it rather than race it.
    await worker.waitForOutput(/"msg":"classified"/);
    const lines = worker
      .output()
      .split('\n')
      .filter((line) => line.includes('"req-e2e-1"'));
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ requestId: 'req-e2e-1', jobId: job.id, msg: 'classified' }),
    );
  });

  it('decodes on its decode thread to exactly what the library computes in process', async () => {
    // A rotated JPEG, a PNG with transparency and a two-frame animation: every decoding path.
    const rocket = readFileSync(resolve(workspaceRoot, 'fixtures/images/rocket.jpg'));
    const rotated = await sharp(rocket).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const translucent = await sharp(readFileSync(photo)).ensureAlpha(0.5).png().toBuffer();
    const frames = await Promise.all(
      ['coffee.png', 'horse.png'].map((name) =>
        sharp(resolve(workspaceRoot, 'fixtures/images', name))
          .resize(96, 96)
          .png()
          .toBuffer(),
      ),
    );
    const animated = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    const uploads: [Buffer, string][] = [
      [rotated, 'jpg'],
      [translucent, 'png'],
      [animated, 'gif'],
    ];
    const inProcess = await InferenceService.load({
      modelDir,
      defaultModel: 'mobilenet_v2',
      intraOpThreads: 1,
      maxImagePixels: 50_000_000,
    });
    try {
      for (const [bytes, extension] of uploads) {
        const job = await queue.add(JobName.Classify, {
          requestId: `decode-thread-${extension}`,
          storedName: store(bytes, extension),
        });
        const result = await job.waitUntilFinished(events, 20_000);
        const expected = await inProcess.classifyOne(bytes);
        expect(result.frames).toMatchObject({ total: expected.frames.total });
        for (const [label, probability] of Object.entries(expected.probabilities)) {
          expect(result.probabilities?.[label]).toBeCloseTo(probability, 6);
        }
      }
    } finally {
      await inProcess.close();
    }
  });

  it('draws the frame strip of an animation when asked, never while classifying it', async () => {
    const frames = await Promise.all(
      ['chelsea.png', 'coffee.png', 'rocket.jpg'].map((name) =>
        sharp(resolve(workspaceRoot, 'fixtures/images', name))
          .resize(240, 180, { fit: 'fill' })
          .png()
          .toBuffer(),
      ),
    );
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    const storedName = store(gif, 'gif');
    const sha = storedName.slice(0, 64);
    const stillsOf = () => readdirSync(uploads).filter((name) => name.startsWith(`${sha}.frame-`));
    const job = await queue.add(JobName.Classify, { requestId: 'req-e2e-frames', storedName });
    const result = await job.waitUntilFinished(events, 20_000);
    expect(result.frames?.perFrame?.map((frame) => frame.index)).toEqual([0, 1, 2]);
    expect(stillsOf()).toEqual([]);

    const strips: FrameStripQueue = new Queue(QueueName.FrameStrip, {
      connection: redisConnectionOptions(redis.url),
      defaultJobOptions: defaultJobOptions[QueueName.FrameStrip],
    });
    const stripEvents = new QueueEvents(QueueName.FrameStrip, {
      connection: redisConnectionOptions(redis.url),
    });
    try {
      await stripEvents.waitUntilReady();
      const draw = () => strips.add(JobName.DrawFrameStrip, { storedName, frames: [0, 1, 2] }, {});
      expect(await (await draw()).waitUntilFinished(stripEvents, 20_000)).toEqual({ written: 3 });
      for (const index of [0, 1, 2]) {
        const still = sharp(readFileSync(join(uploads, `${sha}.frame-${index}.jpg`)));
        expect(await still.metadata()).toMatchObject({ format: 'jpeg', width: 160, height: 120 });
      }
      // Asked again (the photo reported after its doubt), nothing is drawn twice.
      expect(await (await draw()).waitUntilFinished(stripEvents, 20_000)).toEqual({ written: 0 });
      // An upload that is gone fails for good, without retries.
      const gone = await strips.add(JobName.DrawFrameStrip, {
        storedName: `${'0'.repeat(64)}.gif`,
        frames: [0],
      });
      await expect(gone.waitUntilFinished(stripEvents, 20_000)).rejects.toThrow('no upload');
      expect((await strips.getJob(gone.id ?? ''))?.attemptsMade).toBe(1);
    } finally {
      await stripEvents.close();
      await strips.close();
    }
  });

  it('uses the model a job names', async () => {
    const storedName = store(readFileSync(photo));
    const job = await queue.add(JobName.Classify, {
      requestId: 'req-e2e-2',
      storedName,
      model: 'inception_v3',
    });
    expect((await job.waitUntilFinished(events, 30_000)).model.id).toBe('inception_v3');
  });

  it('runs concurrent jobs in batches on an inference thread, its event loop answering meanwhile', async () => {
    // inception_v3 on one thread: a batch of 8 takes about a second of computation.
    const names = ['chelsea.png', 'coffee.png', 'astronaut.png', 'rocket.jpg', 'horse.png'];
    const jobs = await Promise.all(
      Array.from({ length: 16 }, (_, i) => {
        const name = names[i % names.length];
        const bytes = readFileSync(resolve(workspaceRoot, 'fixtures/images', name));
        const storedName = store(bytes, name.endsWith('.jpg') ? 'jpg' : 'png');
        return queue.add(JobName.Classify, {
          requestId: `batch-${i}`,
          storedName,
          model: 'inception_v3',
        });
      }),
    );
    const finished = Promise.all(jobs.map((job) => job.waitUntilFinished(events, 60_000)));
    let done = false;
    void finished.finally(() => (done = true));

    const latencies: number[] = [];
    while (!done) {
      const started = performance.now();
      const { status } = await getJson(healthUrl);
      latencies.push(performance.now() - started);
      expect(status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const results = await finished;
    expect(results.every((r) => r.model.id === 'inception_v3')).toBe(true);
    // Each image's tensor reached its own row of its batch: every job of one photo got the same
    // scores, wherever in which batch it ran, and no two photos got the same.
    const scoresByPhoto = new Map(names.map((name) => [name, new Set<string>()]));
    results.forEach((result, i) =>
      scoresByPhoto.get(names[i % names.length])?.add(JSON.stringify(result.scores)),
    );
    const distinct = [...scoresByPhoto.values()];
    expect(distinct.map((scores) => scores.size)).toEqual(names.map(() => 1));
    expect(new Set(distinct.map((scores) => [...scores][0])).size).toBe(names.length);

    const slowest = Math.max(...latencies);
    process.stdout.write(
      `worker /health during inference: ${latencies.length} answers, slowest ${slowest.toFixed(1)} ms\n`,
    );
    expect(latencies.length).toBeGreaterThan(20);
    // Inference on the main thread would block it for a whole batch (about 1 s here); answers
    // stay far below that even on a machine busy with other work (343 ms seen under a parallel
    // end-to-end run, 12-19 ms alone).
    expect(slowest).toBeLessThan(500);
    const { body } = await getJson(healthUrl);
    expect(
      (body as { inference: { largestBatch: number } }).inference.largestBatch,
    ).toBeGreaterThan(1);
  });

  it('fails bytes that are not an image for good, on the first attempt', async () => {
    const storedName = store(Buffer.from('%PDF-1.7 not an image'), 'jpg');
    expect(await failure({ requestId: 'req-e2e-3', storedName })).toMatchObject({
      attempts: 1,
      code: PredictionFailure.UndecodableImage,
    });
  });

  it('fails an unknown model for good, naming the loaded ones', async () => {
    const storedName = store(readFileSync(photo));
    const outcome = await failure({ requestId: 'req-e2e-4', storedName, model: 'resnet9000' });
    expect(outcome).toMatchObject({ attempts: 1, code: PredictionFailure.UnknownModel });
    expect(outcome.detail).toContain('mobilenet_v2');
  });

  it('refuses a stored name that could escape the upload folder', async () => {
    const job = await queue.add(JobName.Classify, {
      requestId: 'req-e2e-5',
      storedName: '../../etc/passwd',
    });
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/not a stored upload name/);
    expect((await queue.getJob(job.id ?? ''))?.attemptsMade).toBe(1);
  });

  it('records a decision once in decisions.csv and at the end of an intact audit log', async () => {
    // The worker queued its own start when it came up: that entry comes first.
    await worker.waitForOutput(/"msg":"start recorded"/);
    const record = decisionRecord({ note: '=HYPERLINK("x")' });
    const job = await records.add(JobName.RecordDecision, record, { jobId: record.decisionId });
    await job.waitUntilFinished(recordEvents, 20_000);

    const rows = await csvRows(readFileSync(join(feedbackDir, decisionCsvFile), 'utf8'));
    expect(rows).toEqual([
      expect.objectContaining({
        decision_id: record.decisionId,
        moderation_id: record.moderation.id,
        model: 'mobilenet_v2',
        review_cause: 'threshold',
        decision: 'reject',
        label: 'Porn',
        reason: 'sexual',
        note: `'=HYPERLINK("x")`,
        moderator: 'ana',
        took_ms: '12500',
      }),
    ]);

    const text = readFileSync(join(feedbackDir, auditLogFile), 'utf8');
    const entries = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(entries.at(-1)).toMatchObject({
      type: 'decision',
      id: record.decisionId,
      moderationId: record.moderation.id,
      model: { id: 'mobilenet_v2', version: '4.4.0-onnx.1' },
      decision: 'reject',
      moderator: 'ana',
    });
    const manifest = JSON.parse(readFileSync(join(modelDir, 'mobilenet_v2.json'), 'utf8'));
    expect(entries[0]).toMatchObject({
      seq: 1,
      type: 'startup',
      models: expect.arrayContaining([
        {
          id: 'mobilenet_v2',
          version: manifest.version,
          default: true,
          thresholds: manifest.policy,
        },
        expect.objectContaining({ id: 'inception_v3', default: false }),
      ]),
    });
    expect(verifyAuditLog(text)).toEqual({ intact: true, entries: entries.length });
  });

  it('stops on SIGTERM, and new jobs wait for the next worker', async () => {
    const exit = await worker.stop('SIGTERM', 20_000);
    expect(exit.code).toBe(0);
    const job = await queue.add(JobName.Classify, {
      requestId: 'req-e2e-6',
      storedName: store(readFileSync(photo)),
    });
    expect(await job.getState()).toBe('waiting');
    expect(await queue.getWorkersCount()).toBe(0);
  });
});

describe('worker start-up checks', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'worker-models-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function startFailure(models: string): Promise<string> {
    const worker = AppProcess.start(distEntry('apps/worker'), {
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      WORKER_HEALTH_PORT: '0',
      MODEL_DIR: models,
    });
    const exit = await worker.exited;
    expect(exit.code).toBe(1);
    return worker.output();
  }

  it('refuses to start without any model, saying how to get one', async () => {
    expect(await startFailure(dir)).toContain('npm run models');
  });

  it('refuses to start when a manifest names a missing model file', async () => {
    copyFileSync(join(modelDir, 'mobilenet_v2.json'), join(dir, 'mobilenet_v2.json'));
    expect(await startFailure(dir)).toMatch(/model file .*mobilenet_v2\.onnx .* is missing/);
  });

  it('refuses to start when the input shape disagrees with the manifest', async () => {
    const manifest = JSON.parse(readFileSync(join(modelDir, 'mobilenet_v2.json'), 'utf8'));
    copyFileSync(join(modelDir, manifest.file), join(dir, manifest.file));
    writeFileSync(
      join(dir, 'mobilenet_v2.json'),
      JSON.stringify({ ...manifest, input: { ...manifest.input, height: 299, width: 299 } }),
    );
    expect(await startFailure(dir)).toMatch(
      /input "input" has shape .* but the manifest says NHWC 299×299×3/,
    );
  });
});
