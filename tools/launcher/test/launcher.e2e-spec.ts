import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersPing } from '@moderation/embedded-redis';
import { AppProcess, distEntry, getJson } from '@moderation/testing';
import { isAlive, processesMentioning } from './processes';
import { freePort, pollUntil } from '@moderation/processes';

/** Listens on loopback until closed, the way another instance of the service would. */
async function occupy(server: Server, port: number): Promise<() => Promise<void>> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('launcher (what `npm start` runs)', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'launcher-e2e-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves a healthy stack on an embedded Redis, and Ctrl-C leaves no process behind', async () => {
    const port = await freePort();
    const redisPort = await freePort();
    const launcher = AppProcess.start(distEntry('tools/launcher'), {
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_REDIS_PORT: String(redisPort),
      EMBEDDED_REDIS_DIR: join(dataDir, 'redis'),
      WORKER_HEALTH_PORT: '0',
      UPLOAD_DIR: join(dataDir, 'uploads'),
    });
    try {
      await launcher.waitForOutput(/\[launcher\] ready: http:\/\/localhost:\d+\//, 120_000);
      // Ready means ready: a worker already consumes, so a photo sent now is answered.
      const health = await getJson(`http://127.0.0.1:${port}/health`);
      expect(health).toMatchObject({
        status: 200,
        body: { status: 'ok', checks: { workers: { status: 'up', count: 1 } } },
      });
      expect(readdirSync(join(dataDir, 'redis')).join(' ')).toMatch(/appendonly/);

      const pids = [...launcher.output().matchAll(/started \(pid (\d+)\)/g)].map((m) =>
        Number(m[1]),
      );
      expect(pids).toHaveLength(2);
      expect(processesMentioning(`127.0.0.1:${redisPort}`)).toHaveLength(1);

      const exit = await launcher.stop('SIGINT', 40_000);
      expect(exit.code).toBe(0);
      expect(pids.filter(isAlive)).toEqual([]);
      expect(processesMentioning(`127.0.0.1:${redisPort}`)).toEqual([]);
      expect(await answersPing(redisPort)).toBe(false);
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    } finally {
      if (launcher.running) await launcher.stop('SIGINT', 40_000);
    }
  });

  it('takes its apps down with it when it is killed outright', async () => {
    const port = await freePort();
    const launcher = AppProcess.start(distEntry('tools/launcher'), {
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      WORKER_HEALTH_PORT: '0',
    });
    // Its Redis is nowhere: the gateway answers, never ready.
    await launcher.waitForOutput(
      /\[launcher\] the gateway answers at .*not ready yet: redis/,
      60_000,
    );
    const pids = [...launcher.output().matchAll(/started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(2);

    await launcher.stop('SIGKILL');
    await pollUntil(
      async () => pids.filter(isAlive),
      (alive) => alive.length === 0,
      { timeoutMs: 10_000 },
    );
  });

  it('uses the Redis REDIS_URL names instead of starting one', async () => {
    const port = await freePort();
    const launcher = AppProcess.start(distEntry('tools/launcher'), {
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      EMBEDDED_REDIS_DIR: join(dataDir, 'redis'),
      WORKER_HEALTH_PORT: '0',
    });
    try {
      // Nothing listens at that URL: the launcher says the gateway answers but Redis is missing,
      // and never that it is ready.
      await launcher.waitForOutput(
        /\[launcher\] the gateway answers at .*not ready yet: redis/,
        60_000,
      );
      const health = await getJson(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(503);
      expect(launcher.output()).not.toContain('embedded Redis');
      expect(launcher.output()).not.toMatch(/\[launcher\] ready/);
      expect((await launcher.stop('SIGINT', 40_000)).code).toBe(0);
    } finally {
      if (launcher.running) await launcher.stop('SIGINT', 40_000);
    }
  });

  it('refuses a gateway port in use at once, without claiming to be ready', async () => {
    const port = await freePort();
    const redisPort = await freePort();
    // Another instance: answers /health, so a launcher that only polls it would call itself ready.
    const other = createHttpServer((_req, res) => res.end('{"status":"ok"}'));
    const release = await occupy(other, port);
    try {
      const launcher = AppProcess.start(distEntry('tools/launcher'), {
        PORT: String(port),
        HOST: '127.0.0.1',
        EMBEDDED_REDIS_PORT: String(redisPort),
        EMBEDDED_REDIS_DIR: join(dataDir, 'redis'),
        WORKER_HEALTH_PORT: '0',
      });
      const exit = await launcher.exited;
      expect(exit.code).toBe(1);
      expect(launcher.output()).toContain(
        `[launcher] port ${port} is already in use (another instance of the service?); set PORT to another port`,
      );
      expect(launcher.output()).not.toMatch(/\[launcher\] ready|started \(pid|embedded Redis/);
      expect(await answersPing(redisPort)).toBe(false);
      expect(processesMentioning(dataDir, 'environ')).toEqual([]);
    } finally {
      await release();
    }
  });

  it('refuses an embedded Redis port in use at once, and starts nothing', async () => {
    const port = await freePort();
    const redisPort = await freePort();
    const release = await occupy(createTcpServer(), redisPort);
    try {
      const launcher = AppProcess.start(distEntry('tools/launcher'), {
        PORT: String(port),
        HOST: '127.0.0.1',
        EMBEDDED_REDIS_PORT: String(redisPort),
        EMBEDDED_REDIS_DIR: join(dataDir, 'redis'),
        WORKER_HEALTH_PORT: '0',
      });
      const exit = await launcher.exited;
      expect(exit.code).toBe(1);
      expect(launcher.output()).toContain(
        `[launcher] port ${redisPort} is already in use (another instance of the service?); set EMBEDDED_REDIS_PORT to another port, or REDIS_URL to use a running Redis`,
      );
      expect(launcher.output()).not.toMatch(/\[launcher\] ready|started \(pid/);
      expect(processesMentioning(dataDir, 'environ')).toEqual([]);
    } finally {
      await release();
    }
  });
});
