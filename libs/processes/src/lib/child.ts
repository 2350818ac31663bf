import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Stopped {
  exit: Exit;
  /** Whether it outlived the grace period and had to be killed. */
  killed: boolean;
}

/**
 * A child process whose end is a promise, and whose stop cannot hang: the signal first, SIGKILL
 * once the grace period is over.
 */
export class Child {
  readonly exited: Promise<Exit>;

  constructor(readonly process: ChildProcess) {
    this.exited = new Promise((resolve) => {
      process.once('exit', (code, signal) => resolve({ code, signal }));
      // A command that cannot be started (not installed) never exits: it ends here instead.
      process.once('error', () => {
        if (process.pid === undefined) resolve({ code: null, signal: null });
      });
    });
  }

  static spawn(command: string, args: readonly string[], options: SpawnOptions): Child {
    return new Child(spawn(command, args, options));
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  get running(): boolean {
    return (
      this.process.pid !== undefined &&
      this.process.exitCode === null &&
      this.process.signalCode === null
    );
  }

  async stop({
    signal = 'SIGTERM',
    graceMs,
  }: {
    signal?: NodeJS.Signals;
    graceMs: number;
  }): Promise<Stopped> {
    if (this.running) this.process.kill(signal);
    // Unreferenced: the grace timer must not keep the owner alive once the child is gone.
    const exit = await Promise.race([this.exited, sleep(graceMs, undefined, { ref: false })]);
    if (exit) return { exit, killed: false };
    this.process.kill('SIGKILL');
    return { exit: await this.exited, killed: true };
  }
}
