import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissingFileError, readDecisionRows } from './read-decisions';

describe('readDecisionRows', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evaluate-read-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads rows by column name, dropping cells a newer writer added after the header', async () => {
    const path = join(dir, 'decisions.csv');
    writeFileSync(
      path,
      'decided_at,decision\n2026-12-01T09:00:00Z,approve\n\n2026-12-02T09:00:00Z,reject,v2\n',
    );
    expect(await readDecisionRows(path)).toEqual([
      { decided_at: '2026-12-01T09:00:00Z', decision: 'approve' },
      { decided_at: '2026-12-02T09:00:00Z', decision: 'reject' },
    ]);
  });

  it('says where it looked when there is no file', async () => {
    const path = join(dir, 'missing.csv');
    await expect(readDecisionRows(path)).rejects.toThrow(
      new MissingFileError(`no decisions file at ${path}: set FEEDBACK_DIR or pass --file PATH`),
    );
  });
});
