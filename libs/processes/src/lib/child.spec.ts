import { Child } from './child';

const node = (script: string) =>
  Child.spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });

/** Resolves once the child has printed something: its signal handlers are set by then. */
const started = (child: Child) =>
  new Promise((resolve) => child.process.stdout?.once('data', resolve));

describe('Child', () => {
  it('stops a process that honours SIGTERM, with its own exit code', async () => {
    const child = node(
      "process.on('SIGTERM', () => process.exit(3)); console.log('up'); setInterval(() => {}, 1000)",
    );
    await started(child);
    const stopped = await child.stop({ graceMs: 5_000 });
    expect(stopped).toEqual({ exit: { code: 3, signal: null }, killed: false });
    expect(child.running).toBe(false);
  });

  it('kills a process that ignores the signal once the grace period is over', async () => {
    const child = node(
      "process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000)",
    );
    await started(child);
    const begun = Date.now();
    const stopped = await child.stop({ graceMs: 300 });
    expect(stopped).toEqual({ exit: { code: null, signal: 'SIGKILL' }, killed: true });
    expect(Date.now() - begun).toBeGreaterThanOrEqual(300);
  });

  it('reports the exit of a process that already ended without signalling it', async () => {
    const child = node('process.exit(0)');
    await child.exited;
    await expect(child.stop({ graceMs: 1_000 })).resolves.toEqual({
      exit: { code: 0, signal: null },
      killed: false,
    });
  });

  it('ends, instead of hanging, when the command cannot be started', async () => {
    const child = Child.spawn('no-such-command-for-the-test', [], { stdio: 'ignore' });
    await expect(child.exited).resolves.toEqual({ code: null, signal: null });
    expect(child.running).toBe(false);
    await expect(child.stop({ graceMs: 1_000 })).resolves.toMatchObject({ killed: false });
  });
});
