import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { nsfwjsModels } from './nsfwjs-models';
import { writeModels } from './write-models';

const usage = `Converts nsfwjs's Keras models to ONNX, each with a manifest.

usage: node dist/tools/model-converter/main.js --out <dir> [--model ${nsfwjsModels
  .map((m) => m.id)
  .join('|')}|all] [--force]

  --out    folder for <id>.onnx and <id>.json (created when missing)
  --model  which model to convert (default: all)
  --force  convert even when the folder already holds this version
`;

function main(): number {
  let args;
  try {
    args = parseArgs({
      options: {
        out: { type: 'string' },
        model: { type: 'string', default: 'all' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(usage);
    return 0;
  }
  const models =
    args.model === 'all' ? nsfwjsModels : nsfwjsModels.filter((m) => m.id === args.model);
  if (!args.out || models.length === 0) {
    process.stderr.write(
      `${args.out ? `unknown model "${args.model}"` : '--out is required'}\n\n${usage}`,
    );
    return 2;
  }
  const outDir = resolve(args.out);
  try {
    writeModels(outDir, models, {
      force: args.force,
      onDone: (o) =>
        process.stdout.write(
          `${o.id}: ${o.status === 'converted' ? `converted in ${(o.milliseconds / 1000).toFixed(1)} s` : 'up to date'}, ${o.onnxPath} (${(o.bytes / 1e6).toFixed(1)} MB)\n`,
        ),
    });
  } catch (error) {
    process.stderr.write(`model conversion failed: ${(error as Error).message}\n`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
