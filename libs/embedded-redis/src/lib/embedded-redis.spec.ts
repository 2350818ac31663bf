import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersPing, dataDirLockName, startRedisServer } from './embedded-redis';
import { freePort } from '@moderation/processes';

describe('startRedisServer', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'embedded-redis-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves on the given port with an append-only file, and stops', async () => {
    const port = await freePort();
    const redis = await startRedisServer({ port, dataDir });
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${port}`);
      expect(await answersPing(port)).toBe(true);
      expect(readdirSync(dataDir).join(' ')).toMatch(/appendonly/);
    } finally {
      await redis.stop();
    }
    expect(await answersPing(port)).toBe(false);
  });

  it('requires the password when one is set', async () => {
    const port = await freePort();
    const redis = await startRedisServer({ port, dataDir, password: 's3cret' });
    try {
      expect(redis.url).toBe(`redis://:s3cret@127.0.0.1:${port}`);
      expect(await answersPing(port)).toBe(false);
      expect(await answersPing(port, 's3cret')).toBe(true);
    } finally {
      await redis.stop();
    }
  });

  it('says so when the port is taken', async () => {
    const port = await freePort();
    const first = await startRedisServer({ port, dataDir });
    try {
      await expect(startRedisServer({ port, dataDir: join(dataDir, 'second') })).rejects.toThrow(
        /port .* already in use/,
      );
    } finally {
      await first.stop();
    }
  });

  it('refuses a second server on the same data folder, and frees the folder on stop', async () => {
    const lockFile = join(dataDir, dataDirLockName);
    const first = await startRedisServer({ port: await freePort(), dataDir });
    try {
      expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(first.pid));
      const secondPort = await freePort();
      await expect(startRedisServer({ port: secondPort, dataDir })).rejects.toThrow(
        `${dataDir} is already used by another Redis server (pid ${first.pid})`,
      );
      expect(await answersPing(secondPort)).toBe(false);
      expect(await answersPing(first.port)).toBe(true);
    } finally {
      await first.stop();
    }
    expect(existsSync(lockFile)).toBe(false);

    const next = await startRedisServer({ port: await freePort(), dataDir });
    await next.stop();
  });

  it('takes over a lock left by a server that is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dataDir, dataDirLockName), `${gone}\n`);
    const redis = await startRedisServer({ port: await freePort(), dataDir });
    try {
      expect(readFileSync(join(dataDir, dataDirLockName), 'utf8').trim()).toBe(String(redis.pid));
    } finally {
      await redis.stop();
    }
  });

  it('leaves neither a server nor a lock behind when the server does not answer in time', async () => {
    const port = await freePort();
    await expect(startRedisServer({ port, dataDir, startTimeoutMs: 0 })).rejects.toThrow(
      /did not answer/,
    );
    expect(existsSync(join(dataDir, dataDirLockName))).toBe(false);
    expect(await answersPing(port)).toBe(false);
  });
});
