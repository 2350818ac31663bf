/**
 * `npm run bench:model`: how fast the inference library is on this machine, without HTTP or
 * queues. For each model: images/s and ms per batch at batch sizes 1, 8 and 32 with 1 and 2
 * ONNX Runtime threads; sharp decoding + resizing + tensor layout per image for photos of
 * typical review sizes; then phone photos (12 and 48 MP) decoded exactly and fast, end to end,
 * and how far fast decoding moves the answers on every photo measured.
 */
import { cpus, totalmem } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { readdirSync, readFileSync } from 'node:fs';
import { InferenceService } from '@moderation/inference';
import { agreement, classifyRate, decodeModes, loadForMode, type Agreement } from './decode-modes';
import { measure } from './measure';
import { phonePhotos, reviewPhotos, type Photo } from './review-photos';

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

  await phoneBench();
}

/** Phone photos end to end in one process, exact and fast; then the two modes' agreement. */
async function phoneBench(): Promise<void> {
  const phones = await phonePhotos();
  console.log(
    `\nphone photos, decode + model end to end (the worker's default threads and batching, 4 in flight): ${phones.map((p) => `${p.name} ${(p.bytes.length / 2 ** 20).toFixed(1)} MB`).join(', ')}`,
  );
  console.log('photo          mode    images/s  CPU ms/image');
  const rates = new Map<string, number>();
  for (const mode of decodeModes) {
    const inference = await loadForMode(modelDir, mode);
    for (const photo of phones) {
      const count = photo.name.startsWith('48') ? 12 : 40;
      const rate = await classifyRate(inference, photo, { count, inFlight: 4 });
      rates.set(`${photo.name} ${mode}`, rate.imagesPerSecond);
      console.log(
        `${photo.name.padEnd(14)} ${mode.padEnd(6)} ${rate.imagesPerSecond.toFixed(1).padStart(9)}  ${rate.cpuMsPerImage.toFixed(0).padStart(12)}`,
      );
    }
    await inference.close();
  }
  for (const photo of phones) {
    const speedUp =
      (rates.get(`${photo.name} fast`) ?? 0) / (rates.get(`${photo.name} exact`) ?? 1);
    console.log(
      `${photo.name}: fast gives ${speedUp.toFixed(1)}× the images/s of exact (goal ≥ 2× at 12 MP)`,
    );
  }

  const fixtures: Photo[] = readdirSync(join('fixtures', 'images'))
    .filter((name) => /\.(png|jpe?g|webp)$/.test(name))
    .map((name) => ({ name, bytes: readFileSync(join('fixtures', 'images', name)) }));
  const every = [...fixtures, ...(await reviewPhotos()), ...phones];
  const exact = await loadForMode(modelDir, 'exact');
  const fast = await loadForMode(modelDir, 'fast');
  const rows: Agreement[] = [];
  for (const { id } of exact.loadedModels()) {
    for (const photo of every) rows.push(await agreement(exact, fast, photo, id));
  }
  await exact.close();
  await fast.close();
  console.log(
    '\nfast against exact decoding, every photo and model (PNG and small photos decode the same either way)',
  );
  console.log('photo          model             class  verdict  largest |Δp|');
  for (const row of rows) {
    console.log(
      `${row.photo.padEnd(14)} ${row.model.padEnd(16)} ${(row.sameClass ? 'same' : 'DIFF').padStart(6)}  ${(row.sameVerdict ? 'same' : 'DIFF').padStart(7)}  ${row.maxDifference.toFixed(4).padStart(12)}`,
    );
  }
  const differing = rows.filter((row) => !row.sameClass || !row.sameVerdict);
  console.log(
    `agreement: ${rows.length - differing.length} of ${rows.length} answers with the same class and verdict; largest |Δp| ${Math.max(...rows.map((r) => r.maxDifference)).toFixed(4)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
