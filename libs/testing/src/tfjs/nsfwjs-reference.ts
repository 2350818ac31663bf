import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

interface ModelBundle {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/**
 * nsfwjs's Keras model (`folder` under the package's `dist/models`) straight from the package's files, for tfjs to dequantize and place the
 * weights itself. nsfwjs's own `load()` reads the same files but spends ~50 s decoding base64 for
 * InceptionV3. Written apart from the converter's reader so that a reading bug cannot hide in both.
 */
export function nsfwjsModelHandler(folder: string): tf.io.IOHandler {
  const modelDir = join(dirname(require.resolve('nsfwjs')), '..', 'models', folder);
  const load = createRequire(join(modelDir, 'model.min.js'));
  const { modelTopology, weightsManifest } = load('./model.min.js') as ModelBundle;
  // tfjs lays the groups' shards end to end, and the weights in manifest order.
  const shards = weightsManifest.flatMap((group) =>
    group.paths.map((path) => Buffer.from(load(`./${path}.min.js`) as string, 'base64')),
  );
  const bytes = Buffer.concat(shards);
  return tf.io.fromMemory({
    modelTopology,
    weightSpecs: weightsManifest.flatMap((group) => group.weights),
    weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  });
}

/** The nsfwjs Keras model as a bare tfjs LayersModel. */
export function loadNsfwjsReference(folder: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(nsfwjsModelHandler(folder));
}
