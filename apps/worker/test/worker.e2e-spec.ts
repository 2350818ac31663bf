import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import {
  defaultJobOptions,
  JobName,
  parseFailure,
  PredictionFailure,
  QueueName,
  type PredictionJobData,
} from '@moderation/contracts';
import { freePort, startRedisServer, type EmbeddedRedis } from '@moderation/embedded-redis';
import { redisConnectionOptions } from '@moderation/platform';
import { AppProcess, distEntry, getJson, pollUntil } from '@moderation/testing';

describe('worker process (real Redis)', () => {
  let dataDir: string;
  let redis: EmbeddedRedis;
  let worker: AppProcess;
  let healthUrl: string;
  let queue: Queue<PredictionJobData>;
  let events: QueueEvents;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'worker-e2e-'));
    mkdirSync(join(dataDir, 'uploads'));
    redis = await startRedisServer({ port: await freePort(), dataDir: join(dataDir, 'redis') });
    const connection = redisConnectionOptions(redis.url);
    queue = new Queue(QueueName.Prediction, {
      connection,
      defaultJobOptions: defaultJobOptions[QueueName.Prediction],
    });
    events = new QueueEvents(QueueName.Prediction, { connection });
    await events.waitUntilReady();
  });

  beforeEach(async () => {
    worker = AppProcess.start(distEntry('apps/worker'), {
      REDIS_URL: redis.url,
      WORKER_HEALTH_PORT: '0',
      UPLOAD_DIR: join(dataDir, 'uploads'),
      MODEL_DIR: join(dataDir, 'models'),
    });
    const [, port] = await worker.waitForOutput(
      /health endpoint on http:\/\/localhost:(\d+)\/health/,
    );
    healthUrl = `http://127.0.0.1:${port}/health`;
  });

  afterEach(async () => {
    if (worker.running) await worker.stop('SIGKILL');
  });

  afterAll(async () => {
    await events.close();
    await queue.close();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports its own health: Redis and the consumer up, and that no model is loaded', async () => {
    const { status, body } = await pollUntil(
      () => getJson(healthUrl),
      (h) =>
        (h.body as { checks: { consumer: { status: string } } }).checks.consumer.status === 'up',
    );
    expect(status).toBe(503);
    expect(body).toEqual({
      status: 'unavailable',
      checks: {
        redis: { status: 'up' },
        models: { status: 'down', loaded: [] },
        consumer: { status: 'up', concurrency: 2 },
      },
    });
  });

  it('fails a prediction for good, without retrying, when it has no model, and logs the request id', async () => {
    const storedName = `${'a'.repeat(64)}.png`;
    writeFileSync(join(dataDir, 'uploads', storedName), 'not really a png');
    const job = await queue.add(JobName.Classify, { requestId: 'req-e2e-1', storedName });

    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow();
    const failed = await queue.getJob(job.id ?? '');
    expect(failed?.attemptsMade).toBe(1);
    expect(parseFailure(failed?.failedReason ?? '')?.code).toBe(PredictionFailure.NoModelLoaded);

    const lines = worker
      .output()
      .split('\n')
      .filter((line) => line.includes('"req-e2e-1"'));
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.parse(lines[0])).toMatchObject({ requestId: 'req-e2e-1', jobId: job.id });
  });

  it('refuses a stored name that could escape the upload folder', async () => {
    const job = await queue.add(JobName.Classify, {
      requestId: 'req-e2e-2',
      storedName: '../../etc/passwd',
    });
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/not a stored upload name/);
    expect((await queue.getJob(job.id ?? ''))?.attemptsMade).toBe(1);
  });

  it('stops on SIGTERM, and its jobs wait for the next worker', async () => {
    const exit = await worker.stop('SIGTERM', 10_000);
    expect(exit.code).toBe(0);
    const storedName = `${'b'.repeat(64)}.png`;
    const job = await queue.add(JobName.Classify, { requestId: 'req-e2e-3', storedName });
    expect(await job.getState()).toBe('waiting');
    expect(await queue.getWorkersCount()).toBe(0);
  });
});
