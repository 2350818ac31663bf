import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { WeightGroup, WeightSpec } from './dequantize';

/** A Keras layers model as nsfwjs ships it: the topology and its weights, still quantized. */
export interface KerasArtifacts {
  modelTopology: unknown;
  weightGroups: WeightGroup[];
}

interface ManifestGroup {
  paths: string[];
  weights: WeightSpec[];
}

/**
 * The nsfwjs package folder. Its `exports` map hides `package.json` and `dist/models`, so the
 * folder is found from the resolved entry point instead.
 */
export function nsfwjsRoot(): string {
  let dir = dirname(require.resolve('nsfwjs'));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'nsfwjs') {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the nsfwjs package folder');
    dir = parent;
  }
}

export function nsfwjsVersion(root = nsfwjsRoot()): string {
  const version: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  if (typeof version !== 'string') throw new Error('nsfwjs package.json has no version');
  return version;
}

/** Class names in output order, from the package's own `nsfw_classes.js`. */
export function nsfwjsClasses(root = nsfwjsRoot()): string[] {
  const load = createRequire(join(root, 'package.json'));
  const classes: unknown = load('./dist/cjs/nsfw_classes.js').NSFW_CLASSES;
  if (typeof classes !== 'object' || classes === null) throw new Error('NSFW_CLASSES not found');
  const table = classes as Record<string, unknown>;
  return Object.keys(table)
    .map(Number)
    .sort((a, b) => a - b)
    .map((index, position) => {
      const name = table[index];
      if (index !== position || typeof name !== 'string') {
        throw new Error('NSFW_CLASSES is not a list of names indexed 0…n-1');
      }
      return name;
    });
}

/**
 * Reads `dist/models/<folder>/model.min.js` (a UMD bundle exporting `{modelTopology,
 * weightsManifest}`) and the weight shards it lists, each a bundle exporting base64 bytes. The
 * shards of a group are concatenated in manifest order, which is how tfjs lays the weights out.
 */
export function readNsfwjsModel(folder: string, root = nsfwjsRoot()): KerasArtifacts {
  const modelDir = join(root, 'dist', 'models', folder);
  const load = createRequire(join(modelDir, 'model.min.js'));
  const model: unknown = load('./model.min.js');
  if (
    typeof model !== 'object' ||
    model === null ||
    !('modelTopology' in model) ||
    !('weightsManifest' in model) ||
    !Array.isArray(model.weightsManifest)
  ) {
    throw new Error(`${modelDir}/model.min.js does not export {modelTopology, weightsManifest}`);
  }
  const groups = model.weightsManifest as ManifestGroup[];
  return {
    modelTopology: model.modelTopology,
    weightGroups: groups.map((group) => ({
      specs: group.weights,
      data: Buffer.concat(
        group.paths.map((path) => {
          const base64: unknown = load(`./${path}.min.js`);
          if (typeof base64 !== 'string') {
            throw new Error(`${modelDir}/${path}.min.js does not export a base64 string`);
          }
          return Buffer.from(base64, 'base64');
        }),
      ),
    })),
  };
}
