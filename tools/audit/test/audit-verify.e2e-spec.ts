import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nextAuditLine } from '@moderation/audit-log';
import { spawnSync } from 'node:child_process';
import { distEntry, workspaceRoot } from '@moderation/testing';

/** Runs the built CLI as `npm run audit:verify` does: its exit status, stdout and stderr. */
function verify(args: string[], env: Record<string, string> = {}) {
  const { status, stdout, stderr } = spawnSync(
    process.execPath,
    [distEntry('tools/audit'), ...args],
    { cwd: workspaceRoot, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' },
  );
  return { status, stdout, stderr };
}

describe('audit:verify (the built CLI)', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-e2e-'));
    path = join(dir, 'audit.jsonl');
    const lines: string[] = [];
    for (const id of ['s-1', 'd-1', 'd-2', 'd-3']) {
      const entry = { type: id.startsWith('s') ? 'startup' : 'decision', id, moderator: 'ana' };
      lines.push(nextAuditLine(lines.at(-1), entry, new Date('2026-12-02T10:00:00.000Z')));
    }
    writeFileSync(path, lines.map((line) => `${line}\n`).join(''));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads $FEEDBACK_DIR/audit.jsonl and exits 0 when it is intact', () => {
    expect(verify([], { FEEDBACK_DIR: dir })).toEqual({
      status: 0,
      stdout: 'intact (4 entries)\n',
      stderr: '',
    });
  });

  it('exits 1 naming the line in which one byte was changed', () => {
    const text = readFileSync(path, 'utf8');
    const at = text.indexOf('"ana"', text.indexOf('"d-1"'));
    writeFileSync(path, `${text.slice(0, at)}"anb"${text.slice(at + 5)}`);
    expect(verify(['--file', path])).toEqual({
      status: 1,
      stdout:
        'changed, removed or reordered at line 2: its text no longer matches the hash line 3 holds\n',
      stderr: '',
    });
  });

  it('exits 2 with a clear message when there is no log', () => {
    const missing = join(dir, 'nowhere', 'audit.jsonl');
    expect(verify(['--file', missing])).toEqual({
      status: 2,
      stdout: '',
      stderr: `no audit log at ${missing}: set FEEDBACK_DIR or pass --file PATH\n`,
    });
  });
});
