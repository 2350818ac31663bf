import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const workspaceRoot = resolve(__dirname, '../../../..');

/** Path of a built entry point, e.g. `distEntry('apps/gateway')`; fails clearly when it was not built. */
export function distEntry(project: string): string {
  const path = resolve(workspaceRoot, 'dist', project, 'main.js');
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: build it first (npx nx build ${project.split('/')[1]})`);
  }
  return path;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A built app run as a real process, the way production runs it, with its output kept for assertions. */
export class AppProcess {
  private text = '';
  readonly exited: Promise<Exit>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  static start(entry: string, env: Record<string, string>): AppProcess {
    const child = spawn(process.execPath, [entry], {
      cwd: workspaceRoot,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new AppProcess(child);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
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

  /** Sends a signal and waits for the exit; kills the process if it outlives the timeout. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<Exit> {
    if (this.running) this.child.kill(signal);
    const exit = await Promise.race([this.exited, sleep(timeoutMs).then(() => undefined)]);
    if (exit) return exit;
    this.child.kill('SIGKILL');
    throw new Error(`process did not exit within ${timeoutMs} ms of ${signal}:\n${this.text}`);
  }
}
