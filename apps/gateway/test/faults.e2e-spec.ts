/**
 * Faults caused for real against the real processes: Redis killed and restarted, a worker
 * SIGKILLed under load, SIGTERM to a worker and to a gateway with work in flight, an unwritable
 * feedback folder. Each test states the bound it holds the service to.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { feedbackCsvColumns, QueueName } from '@moderation/contracts';
import type { InferenceService } from '@moderation/inference';
import { redisConnectionOptions } from '@moderation/platform';
import { startRedisServer } from '@moderation/embedded-redis';
import { csvRows, getJson } from '@moderation/testing';
import { answered, clientFor } from './support/client';
import type { JsonResponse } from './support/http';
import { PhotoSource, type ModelId, type Photo } from './support/photo-source';
import { loadReferenceInference } from './support/reference-inference';
import { Stack } from './support/stack';
import { freePort, pollUntil } from '@moderation/processes';

/**
 * A dead worker's jobs go back to the queue once their lock runs out and two stalled-job checks
 * (one per lock duration) have seen it: about three lock durations.
 */
const jobLockMs = 2000;
const stalledRecoveryMs = 3 * jobLockMs;

interface Answer {
  photo: Photo;
  model: ModelId;
  status: number;
  error?: unknown;
  prediction?: unknown;
  startedAt: number;
  ms: number;
}

async function predict(
  url: string,
  photo: Photo,
  model: ModelId = 'mobilenet_v2',
): Promise<Answer> {
  const startedAt = Date.now();
  let response: JsonResponse;
  try {
    response = await answered(
      clientFor(url).predict({ bytes: photo.bytes, filename: 'photo.jpg' }, { model }),
    );
  } catch (error) {
    const ms = Date.now() - startedAt;
    return { photo, model, status: 0, error: String(error), startedAt, ms };
  }
  return {
    photo,
    model,
    status: response.status,
    error: response.body.error,
    prediction: response.body.prediction,
    startedAt,
    ms: Date.now() - startedAt,
  };
}

/** Clients that each upload one new photo after another until told to stop. */
function loadUntil(stopped: () => boolean, clients: (() => Promise<Answer>)[]): Promise<Answer[]> {
  return Promise.all(
    clients.map(async (next) => {
      const answers: Answer[] = [];
      while (!stopped()) answers.push(await next());
      return answers;
    }),
  ).then((perClient) => perClient.flat());
}

describe('faults (real Redis, gateway and worker processes)', () => {
  let inference: InferenceService;
  let photos: PhotoSource;
  let stack: Stack | undefined;

  beforeAll(async () => {
    inference = await loadReferenceInference();
    photos = await PhotoSource.load(inference);
  });

  afterAll(() => inference?.close());

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  const correct = (answer: Answer) =>
    answer.status === 200 && answer.prediction === answer.photo.expected[answer.model];
  const summary = (answer: Answer) => ({
    correct: correct(answer),
    status: answer.status,
    error: answer.error,
    ms: answer.ms,
  });
  /** What a failed expectation shows of the answers that were not right. */
  const wrong = (answers: Answer[]) =>
    answers
      .filter((answer) => !correct(answer))
      .map(({ status, error, prediction, photo, model }) => ({
        status,
        error,
        prediction,
        expected: photo.expected[model],
      }));

  it('answers 503 within 2 s while Redis is down, at start or mid-load, and recovers by itself', async () => {
    const timeoutMs = 5000;
    stack = await Stack.start({ gatewayEnv: { PREDICTION_TIMEOUT_MS: String(timeoutMs) } });
    const { port } = stack.redis;
    const dataDir = join(stack.dir, 'redis');

    let stop = false;
    const load = loadUntil(
      () => stop,
      Array.from({ length: 4 }, () => () => predict(stack?.baseUrl ?? '', photos.next())),
    );
    await sleep(1500);
    process.kill(stack.redis.pid, 'SIGKILL');
    const downAt = Date.now();
    await sleep(4000);
    const upAt = Date.now();
    let recovered: { correct: boolean; startedAt: number };
    try {
      stack.redis = await startRedisServer({ port, dataDir });
      recovered = await pollUntil(
        async () => {
          const answer = await predict(stack?.baseUrl ?? '', photos.next());
          return { ...summary(answer), startedAt: answer.startedAt };
        },
        (found) => found.correct,
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      await sleep(1000);
    } finally {
      // Failing or not, the load stops: left running, its answers would fill this process's memory.
      stop = true;
    }
    const answers = await load;

    const before = answers.filter((a) => a.startedAt + a.ms < downAt);
    const duringOutage = answers.filter((a) => a.startedAt > downAt + 500 && a.startedAt < upAt);
    expect(before.length).toBeGreaterThan(0);
    expect(wrong(before)).toEqual([]);
    expect(duringOutage.length).toBeGreaterThan(0);
    for (const answer of duringOutage) {
      expect({ status: answer.status, error: answer.error }).toEqual({
        status: 503,
        error: 'unavailable',
      });
      expect(answer.ms).toBeLessThan(2000);
    }
    // Requests caught in flight by the crash end too: an answer, a 503 or a 504, never a hang.
    for (const answer of answers) {
      expect([200, 503, 504]).toContain(answer.status);
      expect(answer.ms).toBeLessThan(timeoutMs + 2500);
    }
    expect(recovered.startedAt - upAt).toBeLessThan(30_000);
    const afterRecovery = answers.filter((a) => a.startedAt > recovered.startedAt + 500);
    expect(wrong(afterRecovery)).toEqual([]);
  });

  it('answers 503 within 2 s when the gateway starts before Redis, then serves once Redis is up', async () => {
    const redisPort = await freePort();
    stack = await Stack.start({
      withoutWorker: true,
      gatewayEnv: { REDIS_URL: `redis://127.0.0.1:${redisPort}` },
    });
    const refused = await predict(stack.baseUrl, photos.next());
    expect({ status: refused.status, error: refused.error }).toEqual({
      status: 503,
      error: 'unavailable',
    });
    expect(refused.ms).toBeLessThan(2000);
    const health = await getJson(stack.url('/health'));
    expect(health.status).toBe(503);
    expect(JSON.stringify(health.body)).toContain('Redis is unreachable');

    const redis = await startRedisServer({ port: redisPort, dataDir: join(stack.dir, 'late') });
    try {
      stack.startWorker({ REDIS_URL: redis.url });
      await pollUntil(
        () => predict(stack?.baseUrl ?? '', photos.next()).then(summary),
        (found) => found.correct,
        { timeoutMs: 30_000, intervalMs: 500 },
      );
    } finally {
      await stack.stop();
      stack = undefined;
      await redis.stop();
    }
  });

  it('loses no feedback and answers every prediction when a worker is SIGKILLed under load from two gateways', async () => {
    const timeoutMs = 8000;
    stack = await Stack.start({
      gatewayEnv: { PREDICTION_TIMEOUT_MS: String(timeoutMs) },
      workerEnv: { JOB_LOCK_MS: String(jobLockMs) },
    });
    const doomed = stack.apps.find((app) => app !== stack?.gateway);
    stack.startWorker();
    const second = await stack.startGateway();
    const gateways = [stack.baseUrl, second.url];
    await pollUntil(
      () => getJson(stack?.url('/health') ?? ''),
      (health) => JSON.stringify(health.body).includes('"count":2'),
      { timeoutMs: 30_000 },
    );
    const storedNames: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await answered(
        clientFor(gateways[0]).predict({ bytes: photos.next().bytes, filename: 'photo.jpg' }),
      );
      storedNames.push(String(response.body.filename));
    }

    let stop = false;
    const reports: { status: number; reportId?: unknown }[] = [];
    let reportCount = 0;
    const sendReport = async (gateway: string) => {
      const n = reportCount++;
      const { status, body } = await answered(
        clientFor(gateway).report({
          filename: storedNames[n % storedNames.length],
          prediction: 'Neutral',
          score: 0.5,
          correctLabel: 'Drawing',
          comment: `report ${n}, "quoted", with a comma`,
        }),
      );
      reports.push({ status, reportId: body.reportId });
    };
    const feedbackLoad = Promise.all(
      gateways.flatMap((gateway) =>
        Array.from({ length: 2 }, async () => {
          while (!stop) await sendReport(gateway);
        }),
      ),
    );
    const predictionLoad = loadUntil(
      () => stop,
      gateways.flatMap((gateway) =>
        Array.from({ length: 4 }, () => () => predict(gateway, photos.next())),
      ),
    );
    await sleep(3000);
    process.kill(doomed?.pid ?? -1, 'SIGKILL');
    await sleep(5000);
    stop = true;
    const [answers] = await Promise.all([predictionLoad, feedbackLoad]);

    // Every client got the right class, or a clear 504 within its timeout.
    const byStatus = new Map<number, number>();
    for (const { status } of answers) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    console.log(`predictions under the kill, by status: ${JSON.stringify([...byStatus])}`);
    expect(answers.length).toBeGreaterThan(20);
    for (const answer of answers) {
      expect(correct(answer) || (answer.status === 504 && answer.error === 'timeout')).toBe(true);
      expect(answer.ms).toBeLessThan(timeoutMs + 3000);
    }
    // A photo whose job the dead worker held is recovered, and asking again gets its answer.
    for (const answer of answers.filter((a) => a.status === 504)) {
      const again = await pollUntil(
        () => predict(gateways[1], answer.photo).then(summary),
        (found) => found.correct,
        { timeoutMs: stalledRecoveryMs + timeoutMs + 5000, intervalMs: 500 },
      );
      expect(again.correct).toBe(true);
    }

    // Every accepted report is in the CSV exactly once, whole.
    const accepted = reports.filter((r) => r.status === 202).map((r) => String(r.reportId));
    expect(reports.length).toBeGreaterThan(20);
    expect(accepted.length).toBe(reports.length);
    const csv = join(stack.feedbackDir, 'feedback.csv');
    const rows = await pollUntil(
      () => csvRows(existsSync(csv) ? readFileSync(csv, 'utf8') : ''),
      (found) => found.length >= accepted.length,
      { timeoutMs: stalledRecoveryMs + 10_000, intervalMs: 500 },
    );
    expect(rows.map((row) => row.report_id).sort()).toEqual([...accepted].sort());
    for (const row of rows) {
      expect(Object.keys(row)).toEqual([...feedbackCsvColumns]);
      expect(row.comment).toMatch(/^report \d+, "quoted", with a comma$/);
      expect(storedNames).toContain(row.stored_name);
    }
  }, 180_000);

  it('lets a worker on SIGTERM finish its active jobs, take no new ones and exit 0 within 15 s', async () => {
    stack = await Stack.start({
      withoutWorker: true,
      gatewayEnv: { PREDICTION_TIMEOUT_MS: '60000' },
    });
    const worker = stack.startWorker({ WORKER_CONCURRENCY: '4', MAX_BATCH: '4' });
    await stack.healthy();
    const queue = new Queue(QueueName.Prediction, {
      connection: redisConnectionOptions(stack.redis.url),
    });
    try {
      const requests = Array.from({ length: 12 }, () =>
        predict(stack?.baseUrl ?? '', photos.next(), 'inception_v3'),
      );
      await pollUntil(
        () => queue.getActiveCount(),
        (active) => active > 0,
      );
      const signalledAt = Date.now();
      const exit = await worker.stop('SIGTERM', 30_000);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalledAt).toBeLessThan(15_000);
      const counts = await queue.getJobCounts('active', 'waiting', 'completed', 'failed');
      expect(counts).toMatchObject({ active: 0, failed: 0 });
      expect(counts.waiting).toBeGreaterThan(0);
      expect(counts.waiting + counts.completed).toBe(12);

      stack.startWorker();
      expect(wrong(await Promise.all(requests))).toEqual([]);
    } finally {
      await queue.close();
    }
  });

  it('lets a gateway on SIGTERM answer the requests in flight, refuse new ones and exit 0', async () => {
    stack = await Stack.start();
    const inFlight = Array.from({ length: 4 }, () =>
      predict(stack?.baseUrl ?? '', photos.next(), 'inception_v3'),
    );
    await sleep(300);
    const signalledAt = Date.now();
    const exit = stack.gateway.stop('SIGTERM', 20_000);
    await sleep(300);
    const late = await predict(stack.baseUrl, photos.next());
    expect(late.status).toBe(0); // connection refused: the gateway no longer listens
    expect(wrong(await Promise.all(inFlight))).toEqual([]);
    expect(await exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(15_000);
  });

  it('keeps feedback queued while the feedback folder cannot be written, and writes it once it can', async () => {
    stack = await Stack.start();
    const stored = await answered(
      stack.client().predict({ bytes: photos.next().bytes, filename: 'photo.jpg' }),
    );
    // A file where the folder should be: no process, root included, can write the CSV there.
    // (The worker made the folder at start, for its start-up entry in the audit log.)
    rmSync(stack.feedbackDir, { recursive: true, force: true });
    writeFileSync(stack.feedbackDir, 'not a folder');
    const reportIds: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const { status, body } = await answered(
        stack.client().report({
          filename: String(stored.body.filename),
          prediction: 'Neutral',
          score: 0.9,
          correctLabel: 'Sexy',
        }),
      );
      expect(status).toBe(202);
      reportIds.push(body.reportId);
    }
    const queue = new Queue(QueueName.Feedback, {
      connection: redisConnectionOptions(stack.redis.url),
    });
    try {
      // The write fails and is retried later: the reports wait in Redis, none is dropped.
      await pollUntil(
        () => queue.getJobCounts('delayed', 'waiting', 'active', 'failed', 'completed'),
        (counts) => counts.delayed > 0,
      );
      await sleep(2000);
      const states = await Promise.all(
        reportIds.map(async (id) => (await queue.getJob(String(id)))?.getState()),
      );
      for (const state of states) expect(['delayed', 'waiting', 'active']).toContain(state);

      rmSync(stack.feedbackDir);
      mkdirSync(stack.feedbackDir);
      const csv = join(stack.feedbackDir, 'feedback.csv');
      const rows = await pollUntil(
        () => csvRows(existsSync(csv) ? readFileSync(csv, 'utf8') : ''),
        (found) => found.length === 3,
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      expect(rows.map((row) => row.report_id).sort()).toEqual([...reportIds].sort());
    } finally {
      await queue.close();
    }
  });
});
