import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersPing, startRedisServer } from './embedded-redis';
import { freePort } from './free-port';

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
});
