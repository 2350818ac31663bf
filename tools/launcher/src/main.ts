/**
 * `npm start`: the whole service on one machine. Starts an embedded Redis (unless REDIS_URL
 * points at one), the gateway and one worker; Ctrl-C stops them in order and leaves nothing behind.
 */
import { join, resolve } from 'node:path';
import { startRedisServer, type EmbeddedRedis } from '@moderation/embedded-redis';
import { tunedEnv } from '@moderation/platform/process-tuning';
import { readLauncherConfig } from './launcher-config';
import { assertPortFree } from './port-check';
import { Supervisor } from './supervisor';
import { missingChecks, waitForHealthy } from './wait-for-http';

const distDir = resolve(__dirname, '..', '..');
const repoDir = resolve(distDir, '..');

async function main(): Promise<void> {
  const config = readLauncherConfig(process.env, repoDir);
  // Before starting anything: a port held by another instance would make this one crash later,
  // after that instance's answers had made it look ready.
  await assertPortFree(config.gatewayPort, config.gatewayHost, 'PORT');
  if (!config.redisUrl) {
    await assertPortFree(
      config.embeddedRedisPort,
      '127.0.0.1',
      'EMBEDDED_REDIS_PORT',
      'or REDIS_URL to use a running Redis',
    );
  }

  const supervisor = new Supervisor(log);
  let redisStart: Promise<EmbeddedRedis | undefined> | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (reason: string, exitCode: number) => {
    stopping ??= (async () => {
      log(`${reason}: stopping`);
      await supervisor.stopAll();
      // A Redis still starting is waited for: leaving now would orphan it.
      await (await redisStart)?.stop();
      log('stopped');
      process.exit(exitCode);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stop('SIGINT', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  supervisor.onUnexpectedExit((name, code) => void stop(`${name} exited with ${code}`, 1));

  let redisUrl = config.redisUrl;
  if (!redisUrl) {
    const starting = startRedisServer({
      port: config.embeddedRedisPort,
      dataDir: config.embeddedRedisDir,
      // Its own process group: Ctrl-C must not stop Redis before the apps have drained.
      detached: true,
    });
    redisStart = starting.catch(() => undefined);
    const redis = await starting;
    redisUrl = redis.url;
    log(`embedded Redis on port ${redis.port}, data in ${config.embeddedRedisDir}`);
  }
  if (stopping) return;

  try {
    const env = {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      REDIS_URL: redisUrl,
    };
    supervisor.start('gateway', join(distDir, 'apps/gateway/main.js'), tunedEnv('gateway', env));
    supervisor.start('worker', join(distDir, 'apps/worker/main.js'), tunedEnv('worker', env));
  } catch (error) {
    await stop(message(error), 1);
  }

  const base = `http://localhost:${config.gatewayPort}`;
  const gatewayUp = () => supervisor.isRunning('gateway') && !stopping;
  // Ready means a photo sent now is answered: Redis up and a worker consuming, which takes the
  // worker's model loading after the gateway already listens.
  let missing = '';
  const health = await waitForHealthy(`${base}/health`, 120_000, gatewayUp, (_, body) => {
    // Said once per change: the models loading, then Redis unreachable, and so on.
    const now = missingChecks(body);
    if (now !== missing && gatewayUp())
      log(`the gateway answers at ${base}/, not ready yet: ${now}`);
    missing = now;
  });
  // An answer counts only while this launcher's gateway still runs: one that died on start-up
  // (e.g. the port taken after the check) may have left another process answering.
  if (!gatewayUp()) return;
  if (health.state === 'healthy') {
    log(`ready: ${base}/  (health: ${base}/health)  — Ctrl-C to stop`);
  } else if (health.state === 'unhealthy') {
    log(`still not ready after 120 s (${missingChecks(health.body)}): see the logs above`);
  } else {
    log(`the gateway has not answered on ${base}/health within 120 s: see its log above`);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function log(message: string): void {
  process.stdout.write(`[launcher] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[launcher] ${message(error)}\n`);
  process.exit(1);
});
