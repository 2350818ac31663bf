import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Child } from '@moderation/processes';

export interface EmbeddedRedisOptions {
  port: number;
  /**
   * Folder for the append-only file; created when missing. One server at a time: a lock file in it
   * makes a second server on the same folder fail instead of both writing the same file.
   */
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
  const lock = lockDataDir(options.dataDir);
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
  const child = Child.spawn('redis-server', args, {
    stdio: options.stdio ?? 'ignore',
    detached: options.detached ?? false,
  });
  const failedToSpawn = new Promise<never>((_, reject) =>
    child.process.once('error', (error) =>
      reject(new Error(`could not run redis-server: ${error.message}`)),
    ),
  );
  // The server is what uses the folder from now on: a lock naming it stays right if its owner dies.
  if (child.running) lock.handOver(child.pid);
  const stop = async () => {
    await child.stop({ graceMs: 10_000 });
    lock.release();
  };

  try {
    await Promise.race([
      waitForPong(options.port, options.password, options.startTimeoutMs ?? 10_000),
      failedToSpawn,
      child.exited.then(({ code }) => {
        throw new Error(
          `redis-server exited with code ${code} before answering (is port ${options.port} already in use?)`,
        );
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }

  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  return {
    url: `redis://${auth}127.0.0.1:${options.port}`,
    port: options.port,
    pid: child.pid,
    stop,
  };
}

/** Name of the lock file inside a data folder; it holds the pid of the process using the folder. */
export const dataDirLockName = 'embedded-redis.lock';

interface DataDirLock {
  /** Names another process (the server) as the folder's user. */
  handOver(pid: number): void;
  /** Removes the lock, unless another process has taken the folder over since. */
  release(): void;
}

/**
 * Takes the data folder for this process: creating the lock file fails when it exists, so of two
 * starts on one folder only one gets it. A lock whose process is gone is left over from a crash
 * and is taken over.
 */
function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, dataDirLockName);
  let owner = process.pid;
  for (let attempt = 1; ; attempt++) {
    try {
      writeFileSync(path, `${owner}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLockPid(path);
    // No pid yet: its owner may be between creating the file and writing it.
    if (holder === undefined || isRunning(holder) || attempt === 3) {
      throw new Error(
        `${dataDir} is already used by another Redis server` +
          (holder === undefined ? '' : ` (pid ${holder})`) +
          `: give each server its own data folder, or remove ${path} if no server uses it`,
      );
    }
    removeIfHeldBy(path, holder);
  }
  return {
    handOver(pid) {
      writeFileSync(path, `${pid}\n`);
      owner = pid;
    },
    release() {
      removeIfHeldBy(path, owner);
    },
  };
}

function readLockPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function removeIfHeldBy(path: string, pid: number | undefined): void {
  if (readLockPid(path) !== pid) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
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
