import { isAbsolute, join } from 'node:path';

export interface LauncherConfig {
  /** Redis to use; when unset the launcher starts its own. */
  redisUrl?: string;
  embeddedRedisPort: number;
  embeddedRedisDir: string;
  gatewayPort: number;
  /** Where the gateway listens: the same HOST the gateway reads. */
  gatewayHost: string;
}

/** The launcher's own settings; the apps validate theirs themselves and see the same environment. */
export function readLauncherConfig(env: NodeJS.ProcessEnv, repoDir: string): LauncherConfig {
  const embeddedRedisPort = port(env, 'EMBEDDED_REDIS_PORT', 6390);
  // One folder per port: two launchers on different ports must not share an append-only file.
  const dataDir = env.EMBEDDED_REDIS_DIR || `var/redis-${embeddedRedisPort}`;
  return {
    redisUrl: env.REDIS_URL || undefined,
    embeddedRedisPort,
    embeddedRedisDir: isAbsolute(dataDir) ? dataDir : join(repoDir, dataDir),
    gatewayPort: port(env, 'PORT', 3000),
    gatewayHost: env.HOST || '0.0.0.0',
  };
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a port number from 1 to 65535 (got ${JSON.stringify(raw)})`);
  }
  return value;
}
