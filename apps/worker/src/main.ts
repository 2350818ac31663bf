import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { closeOnSignals, ConfigValidationError, loadConfig } from '@moderation/platform';
import { InferenceError } from '@moderation/inference';
import { InvalidManifestError } from '@moderation/model-manifest';
import { WorkerEnv } from './config/worker-env';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const env = loadConfig(WorkerEnv, process.env);
  // No HTTP server: the worker only consumes jobs (plus its own small health endpoint).
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  closeOnSignals(app, app.get(Logger));
}

bootstrap().catch((error: unknown) => {
  // Operator mistakes get their message alone; anything else keeps its stack for the bug report.
  if (
    error instanceof ConfigValidationError ||
    error instanceof InferenceError ||
    error instanceof InvalidManifestError
  ) {
    process.stderr.write(`worker: ${error.message}\n`);
  } else {
    process.stderr.write(
      `worker: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
