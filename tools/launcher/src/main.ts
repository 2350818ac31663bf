/**
 * `npm start`: the whole service on one machine. Starts an embedded Redis (unless REDIS_URL
 * points at one), the gateway and one worker; Ctrl-C stops them in order and leaves nothing behind.
 */
import { join, resolve } from 'node:path';
import { startRedisServer, type EmbeddedRedis } from '@moderation/embedded-redis';
import { tunedEnv } from '@moderation/platform/process-tuning';
import { readLauncherConfig } from './launcher-config';
import { Supervisor } from './supervisor';
import { waitForHttp } from './wait-for-http';

const distDir = resolve(__dirname, '..', '..');
const repoDir = resolve(distDir, '..');

async function main(): Promise<void> {
  const config = readLauncherConfig(process.env, repoDir);
  let redis: EmbeddedRedis | undefined;
  let redisUrl = config.redisUrl;
  if (!redisUrl) {
    redis = await startRedisServer({
      port: config.embeddedRedisPort,
      dataDir: config.embeddedRedisDir,
      // Its own process group: Ctrl-C must not stop Redis before the apps have drained.
      detached: true,
    });
    redisUrl = redis.url;
    log(`embedded Redis on port ${redis.port}, data in ${config.embeddedRedisDir}`);
  }

  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    REDIS_URL: redisUrl,
  };
  const supervisor = new Supervisor(log);
  supervisor.start('gateway', join(distDir, 'apps/gateway/main.js'), tunedEnv('gateway', env));
  supervisor.start('worker', join(distDir, 'apps/worker/main.js'), tunedEnv('worker', env));

  let stopping: Promise<void> | undefined;
  const stop = (reason: string, exitCode: number) => {
    stopping ??= (async () => {
      log(`${reason}: stopping`);
      await supervisor.stopAll();
      await redis?.stop();
      log('stopped');
      process.exit(exitCode);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stop('SIGINT', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  supervisor.onUnexpectedExit((name, code) => void stop(`${name} exited with ${code}`, 1));

  const base = `http://localhost:${config.gatewayPort}`;
  if (await waitForHttp(`${base}/health`, 60_000)) {
    log(`ready: ${base}/  (health: ${base}/health)  — Ctrl-C to stop`);
  }
}

function log(message: string): void {
  process.stdout.write(`[launcher] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[launcher] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
