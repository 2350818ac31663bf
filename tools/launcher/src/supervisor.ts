import { Child } from '@moderation/processes';

/** Longer than the apps' own graceful shutdown, so they are only killed when stuck. */
const stopGraceMs = 30_000;

/** Starts the app processes and stops them together. */
export class Supervisor {
  private readonly children = new Map<string, Child>();
  private stopping = false;
  private unexpectedExit: (name: string, code: string) => void = () => undefined;

  constructor(private readonly log: (message: string) => void) {}

  start(name: string, script: string, env: NodeJS.ProcessEnv): void {
    // Own process group: a terminal's Ctrl-C reaches the launcher only, which then stops
    // the apps in order instead of every process racing to exit at once.
    // The IPC channel is only there to close when the launcher dies: the apps then shut down.
    const child = Child.spawn(process.execPath, [script], {
      env,
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      detached: true,
    });
    void child.exited.then(({ code, signal }) => {
      if (!this.stopping) this.unexpectedExit(name, signal ?? String(code));
    });
    this.children.set(name, child);
    this.log(`${name} started (pid ${child.pid})`);
  }

  isRunning(name: string): boolean {
    return this.children.get(name)?.running ?? false;
  }

  onUnexpectedExit(listener: (name: string, code: string) => void): void {
    this.unexpectedExit = listener;
  }

  /** SIGTERM to every app, then waits; an app still running after the grace period is killed. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.children.entries()].map(async ([name, child]) => {
        const { killed } = await child.stop({ graceMs: stopGraceMs });
        if (killed) this.log(`${name} did not stop within ${stopGraceMs} ms: killed it`);
      }),
    );
  }
}
