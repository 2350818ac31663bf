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
import { join } from 'node:path';
import { applyV8Tuning } from '@moderation/platform/process-tuning';
import * as hbs from 'hbs';
import { AppModule } from './app.module';
import { GatewayEnv } from './config/gateway-env';
import { serveOpenApi } from './openapi/openapi';
import { securityHeaders } from './security/security-headers';

async function bootstrap(): Promise<void> {
  applyV8Tuning('gateway');
  const env = loadConfig(GatewayEnv, process.env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(env), {
    bufferLogs: true,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.disable('x-powered-by');
  app.set('trust proxy', env.TRUST_PROXY);
  app.use(securityHeaders());
  // Cross-origin browser calls only from the origins configured; by default none.
  if (env.corsOrigins.length > 0) {
    app.enableCors({ origin: env.corsOrigins, methods: ['GET', 'POST'], maxAge: 600 });
  }
  // Templates and static files are copied next to the built main.js.
  app.engine('hbs', hbs.__express);
  app.setViewEngine('hbs');
  app.setBaseViewsDir(join(__dirname, 'views'));
  app.set('view options', { layout: 'layout' });
  app.useStaticAssets(join(__dirname, 'public'), { prefix: '/static/', maxAge: '1h' });
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
