import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EmbeddedRedisOptions {
  port: number;
  /** Folder for the append-only file; created when missing. */
  dataDir: string;
  /** Password clients must give; none when absent. */
  password?: string;
  /** Where the server's own output goes; ignored when absent. */
  stdio?: 'inherit' | 'ignore';
  /** Put the server in its own process group, so a terminal's Ctrl-C reaches only its owner. */
  detached?: boolean;
  startTimeoutMs?: number;
}

export interface EmbeddedRedis {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Shuts the server down (it flushes the append-only file) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts Debian's `redis-server` on loopback in the foreground of a child process, with
 * persistence through the append-only file only, and resolves once it answers PING.
 */
export async function startRedisServer(options: EmbeddedRedisOptions): Promise<EmbeddedRedis> {
  if (await isListening(options.port)) {
    throw new Error(`port ${options.port} is already in use: cannot start redis-server there`);
  }
  mkdirSync(options.dataDir, { recursive: true });
  const args = [
    '--port',
    String(options.port),
    '--bind',
    '127.0.0.1',
    '--dir',
    options.dataDir,
    '--appendonly',
    'yes',
    '--save',
    '',
    '--daemonize',
    'no',
  ];
  if (options.password) args.push('--requirepass', options.password);
  const child = spawn('redis-server', args, {
    stdio: options.stdio ?? 'ignore',
    detached: options.detached ?? false,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const failedToSpawn = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject(new Error(`could not run redis-server: ${error.message}`)),
    ),
  );

  await Promise.race([
    waitForPong(options.port, options.password, options.startTimeoutMs ?? 10_000),
    failedToSpawn,
    exited.then((code) => {
      throw new Error(
        `redis-server exited with code ${code} before answering (is port ${options.port} already in use?)`,
      );
    }),
  ]);

  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  return {
    url: `redis://${auth}127.0.0.1:${options.port}`,
    port: options.port,
    pid: child.pid ?? -1,
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killed = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!killed) {
    child.kill('SIGKILL');
    await exited;
  }
}

async function waitForPong(port: number, password: string | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answersPing(port, password)) return;
    await sleep(50);
  }
  throw new Error(`redis-server did not answer on port ${port} within ${timeoutMs} ms`);
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Speaks just enough of the Redis protocol to check the server is up, without a client library. */
export function answersPing(port: number, password?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let received = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.on('connect', () => {
      socket.write(password ? `AUTH ${password}\r\nPING\r\n` : 'PING\r\n');
    });
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.includes('+PONG')) finish(true);
      else if (received.includes('-')) finish(false);
    });
  });
}
