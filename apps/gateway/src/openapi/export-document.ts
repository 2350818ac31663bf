/**
 * Writes the gateway's OpenAPI document to a file without Redis, workers or a listening server:
 * Nest's preview mode builds the module graph without creating providers, which is all the
 * document needs. `npm run openapi:check` lints the file it writes.
 *
 *   node -r ts-node/register -r tsconfig-paths/register export-document.ts <out.json>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@moderation/platform';
import { AppModule } from '../app.module';
import { GatewayEnv } from '../config/gateway-env';
import { buildOpenApiDocument } from './openapi';
import { contractProblems } from './contract';

async function exportDocument(outFile: string): Promise<void> {
  // Nothing connects in preview mode; the values only have to pass validation.
  const env = loadConfig(GatewayEnv, { REDIS_URL: 'redis://127.0.0.1:6379' });
  const app = await NestFactory.create(AppModule.forRoot(env), {
    preview: true,
    abortOnError: false,
    logger: false,
  });
  const document = buildOpenApiDocument(app);
  await app.close();
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(document, null, 2)}\n`);
  const problems = contractProblems(document);
  if (problems.length > 0) {
    throw new Error(`The API document breaks its contract:\n  ${problems.join('\n  ')}`);
  }
  process.stdout.write(`OpenAPI document written to ${outFile}\n`);
}

const outFile = process.argv[2];
if (!outFile) {
  process.stderr.write('usage: export-document.ts <out.json>\n');
  process.exit(2);
}
exportDocument(outFile).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
