import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { processTuning, tunedEnv, type TunedApp } from '@moderation/platform/process-tuning';
import { Child, distEntry, freePort, pollUntil } from '@moderation/processes';

/** The real service for the benchmark: redis-server, one worker and one gateway as processes. */
export interface BenchStack {
  url: string;
  redisUrl: string;
  gatewayPid: number;
  redisPid: number;
  workerPids: number[];
  stop(): Promise<void>;
}

/** The benchmarks run from the workspace root (`npm run bench…`). */
const workspaceRoot = process.cwd();

/**
 * Measurements made in this process must see the worker's allocator settings, as the worker
 * does; glibc reads them only when a process starts. Without them, this starts the benchmark again
 * with them and exits with its status; with them, it returns.
 */
export function runWithWorkerTuning(): void {
  if (Object.keys(processTuning.worker).every((name) => process.env[name] !== undefined)) return;
  const again = spawnSync(process.execPath, process.argv.slice(1), {
    env: tunedEnv('worker', process.env),
    stdio: 'inherit',
  });
  process.exit(again.status ?? 1);
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/**
 * The processes of one part of the benchmark and the folder they write to: started in order,
 * stopped in reverse, the folder removed, and the processes killed if the benchmark ends any other
 * way, even by an error before `stop()`, so none outlives it.
 */
class ProcessGroup {
  readonly dir: string;
  private readonly children: Child[] = [];
  private readonly killAll = () => this.children.forEach((child) => child.process.kill('SIGKILL'));

  constructor(
    folderPrefix: string,
    private readonly graceMs: number,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), folderPrefix));
    process.once('exit', this.killAll);
  }

  spawn(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
    const child = Child.spawn(command, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    this.children.push(child);
    return child;
  }

  /** Waits for `ready`; if it fails, stops everything before passing the error on. */
  async started(ready: () => Promise<unknown>): Promise<void> {
    try {
      await ready();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    process.removeListener('exit', this.killAll);
    for (const child of [...this.children].reverse()) await child.stop({ graceMs: this.graceMs });
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Starts redis-server, the gateway and `workers` worker processes, each app with its production tuning. */
export async function startStack(
  workerEnv: Record<string, string>,
  workers = 1,
): Promise<BenchStack> {
  const redisPort = await freePort();
  const port = await freePort();
  const group = new ProcessGroup('moderation-bench-', 30_000);
  const { dir } = group;
  // Where the CPU goes: each app writes a V8 CPU profile there when it stops.
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  const node = (entry: string) =>
    profileDir ? ['--cpu-prof', '--cpu-prof-dir', resolve(profileDir), entry] : [entry];
  const run = (command: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    group.spawn(command, args, {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ...env,
    });
  const redis = run('redis-server', [
    '--port',
    String(redisPort),
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  const shared = {
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    UPLOAD_DIR: join(dir, 'uploads'),
    FEEDBACK_DIR: join(dir, 'feedback'),
    NODE_ENV: 'production',
  };
  const workerProcesses = Array.from({ length: workers }, () =>
    run(
      process.execPath,
      node(distEntry(workspaceRoot, 'apps/worker')),
      tunedEnv('worker', { ...shared, ...workerEnv, WORKER_HEALTH_PORT: '0' }),
    ),
  );
  const gateway = run(
    process.execPath,
    node(distEntry(workspaceRoot, 'apps/gateway')),
    tunedEnv('gateway', {
      ...shared,
      PORT: String(port),
      HOST: '127.0.0.1',
      // The load comes from one address: a limit it never reaches, so its cost is still measured.
      RATE_LIMIT_PREDICT: '1000000',
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  await group.started(() =>
    pollUntil(
      async () => {
        const health = (await (await fetch(`${url}/health`)).json()) as {
          checks?: { workers?: { count?: number } };
        };
        return health.checks?.workers?.count ?? 0;
      },
      (count) => count >= workers,
      { timeoutMs: 60_000, intervalMs: 200 },
    ),
  );
  return {
    url,
    redisUrl: shared.REDIS_URL,
    gatewayPid: gateway.pid,
    redisPid: redis.pid,
    workerPids: workerProcesses.map((worker) => worker.pid),
    stop: () => group.stop(),
  };
}

/** The required design and nothing else (`design-floor.ts`), as two processes on a given Redis. */
export interface DesignFloor {
  url: string;
  gatewayPid: number;
  workerPid: number;
  stop(): Promise<void>;
}

/**
 * Starts the design floor's gateway and worker, each with the tuning of the app it stands for.
 * With a `rate`, its worker finishes at most that many photos a second, as a model of that speed
 * would, without using the CPU.
 */
export async function startDesignFloor(redisUrl: string, rate = 0): Promise<DesignFloor> {
  const port = await freePort();
  const entry = distEntry(workspaceRoot, 'tools/bench', 'design-floor.js');
  const group = new ProcessGroup('moderation-floor-', 5_000);
  const env = {
    PATH: process.env.PATH ?? '',
    REDIS_URL: redisUrl,
    UPLOAD_DIR: group.dir,
    FLOOR_RATE: String(rate),
  };
  const spawn = (app: TunedApp, args: string[]) =>
    group.spawn(process.execPath, [entry, ...args], tunedEnv(app, env));
  const worker = spawn('worker', ['worker']);
  const gateway = spawn('gateway', ['gateway', String(port)]);
  const url = `http://127.0.0.1:${port}`;
  // Any answer will do: the gateway listens once its queue and event reader are connected.
  await group.started(() =>
    pollUntil(
      () => fetch(url),
      () => true,
      { timeoutMs: 30_000, intervalMs: 100 },
    ),
  );
  return {
    url,
    gatewayPid: gateway.pid,
    workerPid: worker.pid,
    stop: () => group.stop(),
  };
}
