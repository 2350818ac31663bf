import { isAbsolute, join } from 'node:path';

export interface LauncherConfig {
  /** Redis to use; when unset the launcher starts its own. */
  redisUrl?: string;
  embeddedRedisPort: number;
  embeddedRedisDir: string;
  gatewayPort: number;
}

/** The launcher's own settings; the apps validate theirs themselves and see the same environment. */
export function readLauncherConfig(env: NodeJS.ProcessEnv, repoDir: string): LauncherConfig {
  const dataDir = env.EMBEDDED_REDIS_DIR || 'var/redis';
  return {
    redisUrl: env.REDIS_URL || undefined,
    embeddedRedisPort: port(env, 'EMBEDDED_REDIS_PORT', 6390),
    embeddedRedisDir: isAbsolute(dataDir) ? dataDir : join(repoDir, dataDir),
    gatewayPort: port(env, 'PORT', 3000),
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
