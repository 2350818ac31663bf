import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersPing, freePort } from '@moderation/embedded-redis';
import { AppProcess, distEntry, getJson, pollUntil } from '@moderation/testing';

/** Pids of running processes whose command line mentions `needle`. */
function processesMentioning(needle: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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
      await launcher.waitForOutput(/\[launcher\] ready: http:\/\/localhost:\d+\//, 60_000);
      const health = await pollUntil(
        () => getJson(`http://127.0.0.1:${port}/health`),
        (h) => h.status === 200,
      );
      expect(health.body).toMatchObject({ status: 'ok' });
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
    await launcher.waitForOutput(/\[launcher\] ready/, 60_000);
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
      await launcher.waitForOutput(/\[launcher\] ready/, 60_000);
      const health = await getJson(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(503);
      expect(launcher.output()).not.toContain('embedded Redis');
      expect((await launcher.stop('SIGINT', 40_000)).code).toBe(0);
    } finally {
      if (launcher.running) await launcher.stop('SIGINT', 40_000);
    }
  });
});
