import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { NSFWJS } from 'nsfwjs';
import sharp from 'sharp';
import { decodeImage, InferenceService } from '../src';
import { workspaceRoot } from '@moderation/testing';
import { nsfwjsModelHandler, useTfjsWasmBackend } from '@moderation/testing/tfjs';

/**
 * The whole pipeline (file bytes → probabilities) against nsfwjs's own classify() on the same
 * decoded pixels: what a user of nsfwjs would have been told about the same upload.
 */
const fixturesDir = resolve(workspaceRoot, 'fixtures/images');
const modelDir = resolve(workspaceRoot, 'var/models');
const tolerance = 0.02;
const maxPixels = 100_000_000;

interface Sample {
  name: string;
  bytes: Buffer;
}

async function samples(): Promise<Sample[]> {
  const photos = readdirSync(fixturesDir)
    .filter((name) => /\.(png|jpe?g|webp|gif)$/i.test(name))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(fixturesDir, name)) }));
  // Large uploads as phones send them: where a resize has the most to gain or lose.
  const base = photos.find((p) => p.name.startsWith('astronaut')) ?? photos[0];
  const enlarged = (width: number, height: number) =>
    sharp(base.bytes).resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
  const large: Sample[] = [
    { name: '4 MP JPEG', bytes: await enlarged(2400, 1700).jpeg({ quality: 92 }).toBuffer() },
    { name: '9 MP PNG', bytes: await enlarged(3600, 2500).png().toBuffer() },
    { name: '16 MP JPEG', bytes: await enlarged(4900, 3300).jpeg({ quality: 88 }).toBuffer() },
  ];
  return [...photos, ...large];
}

/** nsfwjs's classify() on the pixels sharp decoded, as an nsfwjs user in Node would call it. */
async function nsfwjsScores(nsfwjs: NSFWJS, bytes: Buffer): Promise<Record<string, number>> {
  const image = await decodeImage(bytes, { maxPixels });
  const pixels = tf.tensor3d(
    Int32Array.from(image.pixels),
    [image.height, image.width, 3],
    'int32',
  );
  try {
    const predictions = await nsfwjs.classify(pixels, 5);
    return Object.fromEntries(predictions.map((p) => [p.className, p.probability]));
  } finally {
    pixels.dispose();
  }
}

describe('full pipeline fidelity against nsfwjs classify()', () => {
  let inference: InferenceService;
  let inputs: Sample[];

  beforeAll(async () => {
    await useTfjsWasmBackend();
    inference = await InferenceService.load({
      modelDir,
      defaultModel: 'mobilenet_v2',
      intraOpThreads: 2,
      maxImagePixels: maxPixels,
    });
    inputs = await samples();
    expect(inputs.length).toBeGreaterThanOrEqual(8);
  });

  afterAll(() => inference.close());

  it.each([
    ['mobilenet_v2', 224],
    ['inception_v3', 299],
  ] as const)('%s: same top class, every probability within 0.02', async (modelId, size) => {
    const nsfwjs = new NSFWJS(nsfwjsModelHandler(modelId), { size });
    await nsfwjs.load();
    let worst = { difference: 0, sample: '', label: '' };
    try {
      for (const sample of inputs) {
        const expected = await nsfwjsScores(nsfwjs, sample.bytes);
        const [actual] = await inference.classify([sample.bytes], modelId);
        const expectedTop = Object.entries(expected).sort((a, b) => b[1] - a[1])[0][0];
        expect({ sample: sample.name, top: actual.prediction }).toEqual({
          sample: sample.name,
          top: expectedTop,
        });
        for (const [label, probability] of Object.entries(expected)) {
          const difference = Math.abs(actual.scores[label] - probability);
          if (difference > worst.difference) worst = { difference, sample: sample.name, label };
        }
      }
    } finally {
      nsfwjs.dispose();
    }
    process.stdout.write(
      `${modelId}: worst probability difference ${worst.difference.toFixed(5)} (${worst.label} on ${worst.sample}) over ${inputs.length} images\n`,
    );
    expect(worst.difference).toBeLessThanOrEqual(tolerance);
  });
});
