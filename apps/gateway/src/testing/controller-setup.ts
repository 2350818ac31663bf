import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModuleMetadata, Provider } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { EnvModule, loadConfig, loggingModule } from '@moderation/platform';
import { appGlobals } from '../app-globals';
import { GatewayEnv } from '../config/gateway-env';
import { DataTeamModule } from '../data-team/data-team.module';
import { configureHttpApp } from '../http-app';
import { RateLimitModule } from '../rate-limit/rate-limit.module';

export const testDataTeamToken = 'in-process-data-team-token-0123456789';

export interface ControllerSetup extends Pick<ModuleMetadata, 'imports' | 'controllers'> {
  providers?: Provider[];
  /** Providers replaced by value, by token: queues (`getQueueToken`) and the services behind them. */
  overrides?: [token: unknown, value: unknown][];
  /** Environment variables on top of the test defaults. */
  env?: Record<string, string>;
}

export interface TestApp {
  env: GatewayEnv;
  /** Folder of uploads and feedback, removed by `close`. */
  dir: string;
  url(path: string): string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * One or more gateway controllers in this process, behind the real global filter, pipe, guards,
 * headers and templates, on a loopback port: what a client sees, without Redis or other processes.
 */
export async function controllerSetup(setup: ControllerSetup): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-in-process-'));
  const env = loadConfig(GatewayEnv, {
    UPLOAD_DIR: join(dir, 'uploads'),
    FEEDBACK_DIR: join(dir, 'feedback'),
    DATA_TEAM_TOKEN: testDataTeamToken,
    LOG_LEVEL: 'fatal',
    LOG_FORMAT: 'json',
    ...setup.env,
  });
  let builder = Test.createTestingModule({
    imports: [
      EnvModule.forRoot(env),
      loggingModule({ service: 'gateway', level: env.LOG_LEVEL, format: env.logFormat }),
      DataTeamModule,
      RateLimitModule,
      ...(setup.imports ?? []),
    ],
    controllers: setup.controllers,
    providers: [...appGlobals, ...(setup.providers ?? [])],
  });
  for (const [token, value] of setup.overrides ?? []) {
    builder = builder.overrideProvider(token).useValue(value);
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  configureHttpApp(app, env);
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const url = (path: string) => `${base.replace('[::1]', '127.0.0.1')}${path}`;
  return {
    env,
    dir,
    url,
    fetch: (path, init) => fetch(url(path), { redirect: 'manual', ...init }),
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
