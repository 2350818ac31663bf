/**
 * `npm run classify -- <image> [<image>…] [--model inception_v3]`: classifies files with the
 * same library the worker uses and prints a table, for checking a model or an image by hand.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { InferenceService } from '@moderation/inference';
import { formatTable } from './format-table';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      'model-dir': { type: 'string', default: process.env.MODEL_DIR || 'var/models' },
    },
  });
  if (positionals.length === 0) {
    throw new Error(
      'usage: npm run classify -- <image> [<image>…] [--model <id>] [--model-dir <dir>]',
    );
  }
  const inference = await InferenceService.load({
    modelDir: values['model-dir'],
    defaultModel: values.model ?? 'mobilenet_v2',
    intraOpThreads: availableParallelism(),
    maxImagePixels: 100_000_000,
  });
  try {
    const rows: string[][] = [];
    for (const file of positionals) {
      try {
        const [result] = await inference.classify([await readFile(file)], values.model);
        const scores = Object.entries(result.scores)
          .map(([label, p]) => `${label} ${p.toFixed(4)}`)
          .join('  ');
        rows.push([file, result.prediction, result.score.toFixed(4), result.verdict, scores]);
      } catch (error) {
        rows.push([file, 'error', '', '', error instanceof Error ? error.message : String(error)]);
      }
    }
    const { id, version } = inference.manifest(values.model);
    process.stdout.write(`model ${id} ${version}\n`);
    process.stdout.write(formatTable(['image', 'class', 'score', 'verdict', 'all classes'], rows));
  } finally {
    await inference.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
