import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { validateManifest } from '@moderation/model-manifest';
import { nsfwjsModels } from './nsfwjs-models';
import { loadFixtureImages, toBatch, type DecodedImage } from './testing/fixture-images';
import { loadNsfwjsReference, useTfjsWasmBackend } from '@moderation/testing/tfjs';
import { writeModels } from './write-models';

/**
 * The converted models against nsfwjs's own Keras models, run by tfjs, on the
 * same input tensors (real photos, resized as nsfwjs resizes). A faithful conversion agrees to
 * about 1e-6; a wrong padding side or pooling divisor moves probabilities by 0.2 or more.
 */
const tolerance = 1e-3;

async function nsfwjsProbabilities(folder: string, batch: Float32Array, size: number) {
  const model = await loadNsfwjsReference(folder);
  try {
    const input = tf.tensor4d(batch, [batch.length / (size * size * 3), size, size, 3]);
    const output = model.predict(input) as tf.Tensor;
    const values = Float32Array.from(await output.data());
    tf.dispose([input, output]);
    return values;
  } finally {
    model.dispose();
  }
}

async function onnxProbabilities(path: string, batch: Float32Array, size: number) {
  const session = await InferenceSession.create(path, { intraOpNumThreads: 2 });
  try {
    const images = batch.length / (size * size * 3);
    const result = await session.run({
      input: new Tensor('float32', batch, [images, size, size, 3]),
    });
    expect(result.probabilities.dims).toEqual([images, 5]);
    return Float32Array.from(result.probabilities.data as Float32Array);
  } finally {
    await session.release();
  }
}

const argmax = (values: ArrayLike<number>) =>
  Array.from(values).reduce((best, v, i, all) => (v > all[best] ? i : best), 0);

describe('converted nsfwjs models against nsfwjs on tfjs', () => {
  let outDir: string;
  let images: DecodedImage[];

  beforeAll(async () => {
    await useTfjsWasmBackend();
    outDir = mkdtempSync(join(tmpdir(), 'model-converter-fidelity-'));
    images = await loadFixtureImages();
    expect(images.length).toBeGreaterThanOrEqual(5);
  });

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it.each(nsfwjsModels.map((model) => [model.id, model] as const))(
    '%s: same top class, every probability within 1e-3',
    async (_id, model) => {
      const [outcome] = writeModels(outDir, [model]);
      const manifest = validateManifest(
        JSON.parse(readFileSync(outcome.manifestPath, 'utf8')),
        outcome.manifestPath,
      );
      const size = manifest.input.height;
      const batch = toBatch(images, size);

      const expected = await nsfwjsProbabilities(model.folder, batch, size);
      const actual = await onnxProbabilities(outcome.onnxPath, batch, size);

      const classes = manifest.labels.length;
      let worst = { difference: 0, image: '', label: '' };
      images.forEach((image, i) => {
        const want = expected.subarray(i * classes, (i + 1) * classes);
        const got = actual.subarray(i * classes, (i + 1) * classes);
        expect({ image: image.name, top: manifest.labels[argmax(got)] }).toEqual({
          image: image.name,
          top: manifest.labels[argmax(want)],
        });
        want.forEach((p, c) => {
          const difference = Math.abs(got[c] - p);
          if (difference > worst.difference) {
            worst = { difference, image: image.name, label: manifest.labels[c] };
          }
        });
      });
      process.stdout.write(
        `${model.id}: worst probability difference ${worst.difference.toExponential(2)} (${worst.label} on ${worst.image}) over ${images.length} images\n`,
      );
      expect(worst.difference).toBeLessThanOrEqual(tolerance);
    },
  );
});
