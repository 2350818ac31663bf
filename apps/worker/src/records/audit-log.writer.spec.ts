import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { firstPrev, hashLine, verifyAuditLog } from '@moderation/audit-log';
import { loadConfig } from '@moderation/platform';
import { WorkerEnv } from '../config/worker-env';
import { AuditLogWriter } from './audit-log.writer';

describe('AuditLogWriter', () => {
  let dir: string;
  let writer: AuditLogWriter;

  const lines = () => readFileSync(writer.path, 'utf8').split('\n').slice(0, -1);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-log-'));
    writer = new AuditLogWriter(loadConfig(WorkerEnv, { FEEDBACK_DIR: join(dir, 'feedback') }));
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('chains each entry to the line before it, from 64 zeros, into a log that verifies', async () => {
    const at = new Date('2026-12-02T10:00:00.000Z');
    await writer.append({ type: 'startup', id: 's-1', host: 'w1' }, at);
    await writer.append({ type: 'decision', id: 'd-1', decision: 'approve' }, at);
    await writer.append({ type: 'decision', id: 'd-2', decision: 'reject' }, at);

    expect(writer.path).toBe(join(dir, 'feedback', 'audit.jsonl'));
    const [first, second, third] = lines().map((line) => JSON.parse(line));
    expect(first).toEqual({
      seq: 1,
      at: '2026-12-02T10:00:00.000Z',
      type: 'startup',
      id: 's-1',
      host: 'w1',
      prev: firstPrev,
    });
    expect(second).toMatchObject({ seq: 2, id: 'd-1', prev: hashLine(lines()[0]) });
    expect(third).toMatchObject({ seq: 3, id: 'd-2', prev: hashLine(lines()[1]) });
    expect(verifyAuditLog(readFileSync(writer.path, 'utf8'))).toEqual({
      intact: true,
      entries: 3,
    });
  });

  it('skips an entry whose id is already in the log (a retried job whose write landed)', async () => {
    expect(await writer.append({ type: 'decision', id: 'd-1' })).toBe(true);
    expect(await writer.append({ type: 'decision', id: 'd-2' })).toBe(true);
    expect(await writer.append({ type: 'decision', id: 'd-1' })).toBe(false);
    expect(lines().map((line) => JSON.parse(line).id)).toEqual(['d-1', 'd-2']);
  });

  it('chains onto a last line longer than the 64 KiB it reads at first', async () => {
    const note = 'x'.repeat(100_000);
    for (let i = 1; i <= 3; i++) await writer.append({ type: 'decision', id: `d-${i}`, note });
    expect(verifyAuditLog(readFileSync(writer.path, 'utf8'))).toEqual({
      intact: true,
      entries: 3,
    });
    expect(await writer.append({ type: 'decision', id: 'd-3' })).toBe(false);
  });

  it('drops a line cut short by a failed write before appending, keeping the chain intact', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await writer.append({ type: 'decision', id: 'd-1' });
    appendFileSync(writer.path, '{"seq":2,"at":"2026-');
    expect(await writer.append({ type: 'decision', id: 'd-2' })).toBe(true);
    expect(warn).toHaveBeenCalledWith('removing an unfinished last line (20 bytes)');
    expect(lines().map((line) => JSON.parse(line).seq)).toEqual([1, 2]);
    expect(verifyAuditLog(readFileSync(writer.path, 'utf8'))).toEqual({
      intact: true,
      entries: 2,
    });
  });
});
