import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import {
  closeOnSignals,
  ConfigValidationError,
  drainHttpServer,
  describeRedisUrl,
  loadConfig,
} from '@moderation/platform';
import { applyV8Tuning } from '@moderation/platform/process-tuning';
import { AppModule } from './app.module';
import { GatewayEnv } from './config/gateway-env';
import { configureHttpApp } from './http-app';
import { serveOpenApi } from './openapi/openapi';

async function bootstrap(): Promise<void> {
  applyV8Tuning('gateway');
  const env = loadConfig(GatewayEnv, process.env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(env), {
    bufferLogs: true,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  configureHttpApp(app, env);
  serveOpenApi(app);
  // In-flight predictions are answered before the queues close; each waits at most its timeout.
  const drainLimitMs = Math.min(env.PREDICTION_TIMEOUT_MS + 2000, 20_000);
  closeOnSignals(app, logger, {
    drain: () => drainHttpServer(app.getHttpServer(), drainLimitMs),
  });
  await app.listen(env.PORT, env.HOST);

  const base = `http://localhost:${env.PORT}`;
  logger.log(
    `Gateway listening on ${base} (Redis ${describeRedisUrl(env.REDIS_URL)})`,
    'Bootstrap',
  );
  logger.log(`Upload page: ${base}/  API docs: ${base}/docs  Health: ${base}/health`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    process.stderr.write(`gateway: ${error.message}\n`);
  } else {
    process.stderr.write(
      `gateway: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
