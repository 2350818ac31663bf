import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { workspaceRoot } from '@moderation/testing';

/**
 * What the manifests must agree with, read from the apps' sources: the tests fail when an app
 * renames a variable, a port or a route that a manifest still uses.
 */

const source = (path: string) => readFileSync(resolve(workspaceRoot, path), 'utf8');

const envClassFiles = {
  gateway: 'apps/gateway/src/config/gateway-env.ts',
  worker: 'apps/worker/src/config/worker-env.ts',
};

/**
 * The variables an app's env class declares (with CommonEnv's), each with the literal default
 * it has in the source, if any: `PORT = 3000;` gives PORT → '3000'.
 */
export function envVariables(app: keyof typeof envClassFiles): Map<string, string | undefined> {
  const result = new Map<string, string | undefined>();
  for (const path of ['libs/platform/src/lib/config/common-env.ts', envClassFiles[app]]) {
    for (const match of source(path).matchAll(
      /^ {2}([A-Z][A-Z0-9_]*)\??\s*(?::[^=;]+)?(?:=\s*([^;]+))?;/gm,
    )) {
      const literal = match[2]?.trim().replace(/_/g, '');
      result.set(match[1], literal && /^\d+$/.test(literal) ? literal : undefined);
    }
  }
  return result;
}

/** The gateway's GET routes without parameters, from its controllers' decorators. */
export function gatewayGetPaths(): Set<string> {
  const paths = new Set<string>();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  for (const file of walk(resolve(workspaceRoot, 'apps/gateway/src'))) {
    if (!file.endsWith('.controller.ts')) continue;
    const text = readFileSync(file, 'utf8');
    const prefix = /@Controller\(\s*(?:'([^']*)')?\s*\)/.exec(text)?.[1] ?? '';
    for (const get of text.matchAll(/@Get\(\s*(?:'([^']*)')?\s*\)/g)) {
      const path = ['', prefix, get[1] ?? ''].filter((part, i) => i === 0 || part).join('/');
      if (!path.includes(':')) paths.add(path || '/');
    }
  }
  return paths;
}

/** Files the gateway serves as they are: its `public` folder under the static prefix. */
export function gatewayStaticPaths(): Set<string> {
  const prefix = /useStaticAssets\([^)]*'public'\),\s*\{\s*prefix:\s*'([^']+)'/.exec(
    source('apps/gateway/src/http-app.ts'),
  )?.[1];
  if (!prefix) throw new Error('apps/gateway/src/http-app.ts: no static prefix found');
  return new Set(
    readdirSync(resolve(workspaceRoot, 'apps/gateway/src/public')).map((f) => prefix + f),
  );
}

/** The paths the worker's health server answers. */
export function workerHttpPaths(): Set<string> {
  const text = source('apps/worker/src/health/health.server.ts');
  return new Set([...text.matchAll(/req\.url\s*[!=]==\s*'([^']+)'/g)].map((match) => match[1]));
}

/** The apps' own limit on a graceful shutdown, after which they exit regardless. */
export function shutdownLimitSeconds(): number {
  const match = /shutdownLimitMs\s*=\s*([\d_]+)/.exec(
    source('libs/platform/src/lib/lifecycle/close-on-signals.ts'),
  );
  if (!match) throw new Error('close-on-signals.ts: shutdownLimitMs not found');
  return Number(match[1].replace(/_/g, '')) / 1000;
}

/** The source of the gateway's prediction producer and the queues' default job options. */
export const predictionProducerSources = [
  'apps/gateway/src/prediction/prediction.service.ts',
  'libs/contracts/src/lib/job-options.ts',
].map((path) => ({ path, text: source(path) }));

/** Where the apps configure BullMQ and the prediction queue: where a key prefix would be set. */
export const bullQueueSources = [
  'apps/gateway/src/app.module.ts',
  'apps/gateway/src/queues/queues.module.ts',
  'apps/worker/src/worker.module.ts',
  'apps/worker/src/prediction/prediction.module.ts',
].map((path) => ({ path, text: source(path) }));
