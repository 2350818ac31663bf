import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import webpack from 'webpack';
import { WorkspaceOnlyPlugin } from './workspace-only.plugin';

describe('WorkspaceOnlyPlugin', () => {
  let base: string;
  let workspace: string;

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'workspace-only-'));
    workspace = join(base, 'repo');
    write('repo/src/main.js', "module.exports = require('./inside');");
    write('repo/src/inside.js', 'module.exports = 1;');
    write('shared/outside.js', 'module.exports = 2;');
  });

  afterEach(() => rmSync(base, { recursive: true, force: true }));

  function write(path: string, text: string): void {
    mkdirSync(dirname(join(base, path)), { recursive: true });
    writeFileSync(join(base, path), text);
  }

  function build(entry: Record<string, string>): Promise<string[]> {
    const compiler = webpack({
      mode: 'none',
      target: 'node',
      context: workspace,
      entry,
      output: { path: join(workspace, 'dist') },
      plugins: [new WorkspaceOnlyPlugin(workspace)],
    });
    return new Promise((resolve, reject) =>
      compiler.run((error, stats) => {
        compiler.close(() => undefined);
        if (error || !stats) reject(error);
        else
          resolve(stats.toJson({ all: false, errors: true }).errors?.map((e) => e.message) ?? []);
      }),
    );
  }

  it('builds a bundle made of the workspace files only', async () => {
    expect(await build({ main: join(workspace, 'src/main.js') })).toEqual([]);
  });

  it('fails when a module comes from a folder above the workspace', async () => {
    write('repo/src/main.js', "module.exports = require('../../shared/outside');");
    const errors = await build({ main: join(workspace, 'src/main.js') });
    expect(errors.join('\n')).toMatch(/module .*shared\/outside\.js is outside the workspace/);
  });

  it('fails when an entry point is named outside the workspace, even if a resolver finds a look-alike', async () => {
    // `../../src/main.js` from the workspace climbs above it: the path that only built by chance.
    const errors = await build({ main: join(workspace, '../../src/main.js') });
    expect(errors.join('\n')).toMatch(/entry point .* is outside the workspace/);
  });
});
