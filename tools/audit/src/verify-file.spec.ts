import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nextAuditLine } from '@moderation/audit-log';
import { verifyFile } from './verify-file';

describe('verifyFile', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function log(lines: string[]): string {
    const path = join(dir, 'audit.jsonl');
    writeFileSync(path, lines.map((line) => `${line}\n`).join(''));
    return path;
  }

  const at = new Date('2026-12-02T10:00:00.000Z');
  const first = nextAuditLine(undefined, { type: 'startup', id: 's-1' }, at);
  const second = nextAuditLine(first, { type: 'decision', id: 'd-1', moderator: 'ana' }, at);
  const third = nextAuditLine(second, { type: 'decision', id: 'd-2' }, at);

  it('reports an intact log with its number of entries, status 0', async () => {
    expect(await verifyFile(log([first, second, third]))).toEqual({
      code: 0,
      message: 'intact (3 entries)',
    });
  });

  it('names the first broken line, status 1', async () => {
    expect(await verifyFile(log([first, third]))).toEqual({
      code: 1,
      message: 'changed, removed or reordered at line 2: holds entry 3 where entry 2 belongs',
    });
  });

  it('says where it looked when there is no log, status 2', async () => {
    const path = join(dir, 'missing.jsonl');
    expect(await verifyFile(path)).toEqual({
      code: 2,
      message: `no audit log at ${path}: set FEEDBACK_DIR or pass --file PATH`,
    });
  });

  it('reports a path it cannot read, status 2', async () => {
    expect(await verifyFile(dir)).toMatchObject({ code: 2, message: /^cannot read / });
  });
});
