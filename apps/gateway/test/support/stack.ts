import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer, type EmbeddedRedis } from '@moderation/embedded-redis';
import { AppProcess, distEntry, getJson } from '@moderation/testing';
import type { ModerationClient } from '@moderation/api-client';
import { forgetApiDocument, registerApiDocument } from './api-contract';
import { clientFor } from './client';
import { freePort, pollUntil } from '@moderation/processes';

export const dataTeamToken = 'e2e-data-team-token-0123456789abcdef';

export interface StackOptions {
  /** Extra variables for the gateway. */
  gatewayEnv?: Record<string, string>;
  /** Start no worker (to see what clients get without one). */
  withoutWorker?: boolean;
  /** Extra variables for every worker. */
  workerEnv?: Record<string, string>;
}

/** Redis, a worker and a gateway as real processes, on fresh folders, like production runs them. */
export class Stack {
  readonly dir = mkdtempSync(join(tmpdir(), 'gateway-stack-'));
  readonly uploadDir = join(this.dir, 'uploads');
  readonly feedbackDir = join(this.dir, 'feedback');
  readonly apps: AppProcess[] = [];
  redis!: EmbeddedRedis;
  baseUrl = '';
  gateway!: AppProcess;
  private readonly gatewayUrls: string[] = [];
  private gatewayEnv: Record<string, string> = {};
  private workerEnv: Record<string, string> = {};

  static async start(options: StackOptions = {}): Promise<Stack> {
    const stack = new Stack();
    try {
      await stack.boot(options);
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  private async boot(options: StackOptions): Promise<void> {
    this.redis = await startRedisServer({
      port: await freePort(),
      dataDir: join(this.dir, 'redis'),
    });
    this.gatewayEnv = options.gatewayEnv ?? {};
    this.workerEnv = options.workerEnv ?? {};
    if (!options.withoutWorker) this.startWorker();
    const first = await this.startGateway();
    this.gateway = first.app;
    this.baseUrl = first.url;
    if (!options.withoutWorker) await this.healthy();
  }

  /** One more gateway process on the same Redis and folders, once it listens. */
  async startGateway(env: Record<string, string> = {}): Promise<{ url: string; app: AppProcess }> {
    const port = await freePort();
    const app = AppProcess.start(distEntry('apps/gateway'), {
      REDIS_URL: this.redis.url,
      UPLOAD_DIR: this.uploadDir,
      FEEDBACK_DIR: this.feedbackDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_TEAM_TOKEN: dataTeamToken,
      // The suites send far more than a client's default limit; the limits have their own test.
      RATE_LIMIT_PREDICT: '100000',
      RATE_LIMIT_FEEDBACK: '100000',
      ...this.gatewayEnv,
      ...env,
    });
    this.apps.push(app);
    await app.waitForOutput(/Gateway listening/);
    const url = `http://127.0.0.1:${port}`;
    // From here on, the shared HTTP helpers check this gateway's answers against its document.
    await registerApiDocument(url);
    this.gatewayUrls.push(url);
    return { url, app };
  }

  /** One more worker process on the same Redis and folders. */
  startWorker(env: Record<string, string> = {}): AppProcess {
    const worker = AppProcess.start(distEntry('apps/worker'), {
      REDIS_URL: this.redis.url,
      UPLOAD_DIR: this.uploadDir,
      FEEDBACK_DIR: this.feedbackDir,
      WORKER_HEALTH_PORT: '0',
      INFERENCE_THREADS: '1',
      ...this.workerEnv,
      ...env,
    });
    this.apps.push(worker);
    return worker;
  }

  /** Waits until the gateway reports Redis and a worker up. */
  async healthy(): Promise<void> {
    await pollUntil(
      () => getJson(this.url('/health')),
      (health) => health.status === 200,
      { timeoutMs: 30_000 },
    );
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /** The typed client on this stack's gateway, with a moderator token or API key when given. */
  client(token?: string): ModerationClient {
    return clientFor(this.baseUrl, token);
  }

  async stop(): Promise<void> {
    for (const url of this.gatewayUrls.splice(0)) forgetApiDocument(url);
    await Promise.all(this.apps.splice(0).map((app) => app.stop('SIGTERM').catch(() => undefined)));
    await this.redis?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
