import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Child, distEntry as builtEntry, type Exit } from '@moderation/processes';

export const workspaceRoot = resolve(__dirname, '../../../..');

/** Path of a built entry point, e.g. `distEntry('apps/gateway')`; fails clearly when it was not built. */
export function distEntry(project: string): string {
  return builtEntry(workspaceRoot, project);
}

/** A built app run as a real process, the way production runs it, with its output kept for assertions. */
export class AppProcess {
  private text = '';

  private constructor(private readonly child: Child) {
    child.process.stdout?.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    child.process.stderr?.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
  }

  static start(entry: string, env: Record<string, string>): AppProcess {
    const child = Child.spawn(process.execPath, [entry], {
      cwd: workspaceRoot,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new AppProcess(child);
  }

  get exited(): Promise<Exit> {
    return this.child.exited;
  }

  get pid(): number {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.running;
  }

  output(): string {
    return this.text;
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.text.match(pattern);
      if (match) return match;
      if (!this.running)
        throw new Error(`process exited before printing ${pattern}:\n${this.text}`);
      if (Date.now() > deadline)
        throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.text}`);
      await sleep(50);
    }
  }

  /** Sends a signal and waits for the exit; kills the process and fails if it outlives the timeout. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<Exit> {
    const { exit, killed } = await this.child.stop({ signal, graceMs: timeoutMs });
    if (killed) {
      throw new Error(`process did not exit within ${timeoutMs} ms of ${signal}:\n${this.text}`);
    }
    return exit;
  }
}
