/**
 * `npm run bench:model`: how fast the inference library is on this machine, without HTTP or
 * queues. For each model: images/s and ms per batch at batch sizes 1, 8 and 32 with 1 and 2
 * ONNX Runtime threads; then sharp decoding + resizing + tensor layout per image for photos of
 * typical review sizes.
 */
import { cpus, totalmem } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { InferenceService } from '@moderation/inference';
import { measure } from './measure';

const modelDir = process.env.MODEL_DIR || 'var/models';
const photo = join('fixtures', 'images', 'coffee.png');
const maxImagePixels = 100_000_000;

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(
    `machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  const source = await readFile(photo);

  console.log('\nmodel            threads  batch  ms/batch  images/s');
  for (const threads of [1, 2]) {
    const inference = await InferenceService.load({
      modelDir,
      defaultModel: 'mobilenet_v2',
      intraOpThreads: threads,
      maxImagePixels,
    });
    for (const { id } of inference.loadedModels()) {
      const prepared = await inference.prepare(source, id);
      for (const batch of [1, 8, 32]) {
        const images = Array.from({ length: batch }, () => prepared);
        const ms = await measure(() => inference.run(images), { minRuns: 3, budgetMs: 3000 });
        console.log(
          `${id.padEnd(16)} ${String(threads).padStart(7)}  ${String(batch).padStart(5)}  ${ms.toFixed(1).padStart(8)}  ${((batch * 1000) / ms).toFixed(1).padStart(8)}`,
        );
      }
    }
    await inference.close();
  }

  const inference = await InferenceService.load({
    modelDir,
    defaultModel: 'mobilenet_v2',
    intraOpThreads: 1,
    maxImagePixels,
  });
  const samples = [
    {
      name: '1 MP JPEG',
      bytes: await sharp(source)
        .resize(1155, 866, { fit: 'fill' })
        .jpeg({ quality: 90 })
        .toBuffer(),
    },
    {
      name: '6 MP JPEG',
      bytes: await sharp(source)
        .resize(3000, 2000, { fit: 'fill' })
        .jpeg({ quality: 90 })
        .toBuffer(),
    },
    {
      name: '12 MP PNG',
      bytes: await sharp(source).resize(4000, 3000, { fit: 'fill' }).png().toBuffer(),
    },
  ];
  console.log('\npreprocessing (decode + resize + tensor), per image');
  console.log('image       model             ms');
  for (const { id } of inference.loadedModels()) {
    for (const sample of samples) {
      const ms = await measure(() => inference.prepare(sample.bytes, id), {
        minRuns: 5,
        budgetMs: 2000,
      });
      console.log(`${sample.name.padEnd(10)}  ${id.padEnd(16)} ${ms.toFixed(1).padStart(5)}`);
    }
  }
  await inference.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
