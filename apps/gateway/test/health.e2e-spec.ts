import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer, type EmbeddedRedis } from '@moderation/embedded-redis';
import { AppProcess, distEntry, getJson } from '@moderation/testing';
import { freePort, pollUntil } from '@moderation/processes';

interface Health {
  status: string;
  checks: {
    redis: { status: string; error?: string };
    workers: { status: string; count: number; error?: string };
  };
}

describe('gateway GET /health (real Redis, real worker process)', () => {
  let dataDir: string;
  let redis: EmbeddedRedis | undefined;
  const apps: AppProcess[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gateway-e2e-'));
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.stop('SIGKILL')));
    await redis?.stop();
    redis = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startGateway(redisUrl: string): Promise<string> {
    const port = await freePort();
    const gateway = AppProcess.start(distEntry('apps/gateway'), {
      REDIS_URL: redisUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      UPLOAD_DIR: join(dataDir, 'uploads'),
    });
    apps.push(gateway);
    await gateway.waitForOutput(/Gateway listening/);
    return `http://127.0.0.1:${port}/health`;
  }

  function startWorker(redisUrl: string): AppProcess {
    const worker = AppProcess.start(distEntry('apps/worker'), {
      REDIS_URL: redisUrl,
      WORKER_HEALTH_PORT: '0',
      UPLOAD_DIR: join(dataDir, 'uploads'),
      INFERENCE_THREADS: '1',
    });
    apps.push(worker);
    return worker;
  }

  async function health(url: string): Promise<{ status: number; body: Health }> {
    const { status, body } = await getJson(url);
    return { status, body: body as Health };
  }

  it('is 200 once Redis answers and a worker consumes the prediction queue', async () => {
    redis = await startRedisServer({ port: await freePort(), dataDir: join(dataDir, 'redis') });
    const url = await startGateway(redis.url);
    startWorker(redis.url);

    const ok = await pollUntil(
      () => health(url),
      (h) => h.status === 200,
    );
    expect(ok.body).toEqual({
      status: 'ok',
      checks: { redis: { status: 'up' }, workers: { status: 'up', count: 1 } },
    });
  });

  it('is 503 naming the missing worker when none runs', async () => {
    redis = await startRedisServer({ port: await freePort(), dataDir: join(dataDir, 'redis') });
    const url = await startGateway(redis.url);

    const { status, body } = await health(url);
    expect(status).toBe(503);
    expect(body.status).toBe('unavailable');
    expect(body.checks.redis.status).toBe('up');
    expect(body.checks.workers).toMatchObject({ status: 'down', count: 0 });
    expect(body.checks.workers.error).toMatch(/no worker is consuming the prediction queue/);
  });

  it('stops within seconds on SIGTERM while Redis is unreachable', async () => {
    const url = await startGateway(`redis://127.0.0.1:${await freePort()}`);
    expect((await health(url)).status).toBe(503);
    const gateway = apps[apps.length - 1];
    const started = Date.now();
    expect(await gateway.stop('SIGTERM', 10_000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('starts without Redis, answers 503 naming Redis quickly, and recovers when Redis comes up', async () => {
    const redisPort = await freePort();
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const url = await startGateway(redisUrl);
    startWorker(redisUrl);

    const started = Date.now();
    const down = await health(url);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(down.status).toBe(503);
    expect(down.body.checks.redis.status).toBe('down');
    expect(down.body.checks.workers.error).toBe('Redis is unreachable');

    redis = await startRedisServer({ port: redisPort, dataDir: join(dataDir, 'redis') });
    const recovered = await pollUntil(
      () => health(url),
      (h) => h.status === 200,
      {
        timeoutMs: 20_000,
      },
    );
    expect(recovered.body.checks.workers.count).toBe(1);
  });

  it('echoes a request id the caller sends, and makes one up otherwise', async () => {
    redis = await startRedisServer({ port: await freePort(), dataDir: join(dataDir, 'redis') });
    const url = await startGateway(redis.url);

    const given = await fetch(url, { headers: { 'x-request-id': 'review-7781' } });
    expect(given.headers.get('x-request-id')).toBe('review-7781');
    const made = await fetch(url);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses to start on a bad variable, naming it', async () => {
    const gateway = AppProcess.start(distEntry('apps/gateway'), {
      PORT: 'eighty',
      PREDICTION_TIMEOUT_MS: '5',
    });
    apps.push(gateway);
    const exit = await gateway.exited;
    expect(exit.code).toBe(1);
    expect(gateway.output()).toContain(
      'PORT: must be a whole number from 0 to 65535 (got "eighty")',
    );
    expect(gateway.output()).toContain(
      'PREDICTION_TIMEOUT_MS: must be a whole number from 100 to 300000 (got "5")',
    );
  });
});
