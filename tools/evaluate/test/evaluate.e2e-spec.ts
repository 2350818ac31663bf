import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qualityReport } from '@moderation/quality';
import { csvRows, distEntry, workspaceRoot } from '@moderation/testing';

/** Twelve decisions whose numbers are computed by hand in libs/quality's quality-report.spec.ts. */
const fixture = join(workspaceRoot, 'fixtures/decisions/decisions.csv');

/** Runs the built CLI as `npm run evaluate` does: its exit status, stdout and stderr. */
function evaluate(args: string[], env: Record<string, string> = {}) {
  const { status, stdout, stderr } = spawnSync(
    process.execPath,
    [distEntry('tools/evaluate'), ...args],
    { cwd: workspaceRoot, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' },
  );
  return { status, stdout, stderr };
}

describe('evaluate (the built CLI)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evaluate-e2e-'));
    copyFileSync(fixture, join(dir, 'decisions.csv'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("prints with --json exactly the library's numbers for $FEEDBACK_DIR/decisions.csv", async () => {
    const { status, stdout, stderr } = evaluate(['--json', '--precision', '0.5'], {
      FEEDBACK_DIR: dir,
    });
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    const expected = qualityReport(await csvRows(readFileSync(fixture, 'utf8')), {
      precision: 0.5,
    });
    expect(JSON.parse(stdout)).toEqual(expected);
    // And those are the numbers worked out by hand.
    expect(JSON.parse(stdout)).toMatchObject({
      rows: 12,
      decisions: { approve: 7, reject: 5 },
      sampledUnsafe: { n: 4, k: 1, share: 0.25 },
      thresholds: [{ threshold: 0.45 }, { threshold: 0.03 }, { threshold: 0.02 }],
    });
  });

  it('reads a range from --file and prints a report', () => {
    const { status, stdout, stderr } = evaluate([
      '--file',
      fixture,
      '--from',
      '2026-12-02',
      '--to',
      '2026-12-02',
    ]);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toContain(
      `Model quality from ${fixture}: 4 decisions (decided from 2026-12-02 to 2026-12-02)`,
    );
    expect(stdout).toMatch(/^ {2}2026-12-02 +1 +3 +4$/m);
    expect(stdout).toContain('Reject thresholds at 95.0 % precision');
  });

  it('exits 2 with a clear message when there is no decisions file', () => {
    const missing = join(dir, 'nowhere', 'decisions.csv');
    expect(evaluate(['--file', missing])).toEqual({
      status: 2,
      stdout: '',
      stderr: `no decisions file at ${missing}: set FEEDBACK_DIR or pass --file PATH\n`,
    });
  });

  it('exits 2 with the usage for a precision above 1', () => {
    const { status, stdout, stderr } = evaluate(['--precision', '1.5'], { FEEDBACK_DIR: dir });
    expect({ status, stdout }).toEqual({ status: 2, stdout: '' });
    expect(stderr).toMatch(
      /^--precision must be above 0 and at most 1.*\n\nUsage: npm run evaluate/,
    );
  });
});
