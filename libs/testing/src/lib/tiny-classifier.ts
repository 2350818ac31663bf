import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateManifest, type ModelManifest } from '@moderation/model-manifest';
import { intAttr, intsAttr, OnnxGraphBuilder } from '@moderation/onnx-builder';
import { seededRandom } from './seeded-random';

export interface TinyClassifierOptions {
  /** Model id and file stem; `tiny_classifier` unless given. */
  id?: string;
  /** Seed of the weights: the same seed always writes the same file. */
  seed?: number;
  version?: string;
  /** Four class names, in output order. */
  labels?: [string, string, string, string];
  policy?: ModelManifest['policy'];
}

export const tinyClassifierSize = 32;
const filters = 8;
const classes = 4;

/** `count` seeded values spread evenly in [-amplitude, amplitude). */
function weights(random: () => number, count: number, amplitude: number): Float32Array {
  return Float32Array.from({ length: count }, () => (random() * 2 - 1) * amplitude);
}

/**
 * Writes `<dir>/<id>.onnx` and `<dir>/<id>.json`: a small PyTorch-style classifier (NCHW input
 * `pixel_values` [N, 3, 32, 32], ImageNet mean/std, Lanczos resize, `logits` [N, 4]) that shares
 * nothing with the nsfwjs models, so tests can show that any ONNX classifier plugs in through its
 * manifest alone. Returns the manifest.
 */
export function writeTinyClassifier(
  dir: string,
  options: TinyClassifierOptions = {},
): ModelManifest {
  const id = options.id ?? 'tiny_classifier';
  const random = seededRandom(options.seed ?? 1);
  const size = tinyClassifierSize;

  // conv 3×3 stride 2 → ReLU → global average pool → dense: enough for distinct images to get
  // distinct logits.
  const graph = new OnnxGraphBuilder(id);
  graph.addInput('pixel_values', ['N', 3, size, size]);
  graph.addFloatInitializer('conv.weight', [filters, 3, 3, 3], weights(random, filters * 27, 0.4));
  graph.addFloatInitializer('conv.bias', [filters], weights(random, filters, 0.1));
  graph.addFloatInitializer('fc.weight', [filters, classes], weights(random, filters * classes, 2));
  graph.addFloatInitializer('fc.bias', [classes], weights(random, classes, 0.1));
  const conv = graph.addOp(
    'Conv',
    ['pixel_values', 'conv.weight', 'conv.bias'],
    { kernel_shape: intsAttr([3, 3]), pads: intsAttr([1, 1, 1, 1]), strides: intsAttr([2, 2]) },
    'conv',
  );
  const relu = graph.addOp('Relu', [conv], {}, 'relu');
  const pooled = graph.addOp('GlobalAveragePool', [relu], {}, 'pool');
  const flat = graph.addOp('Flatten', [pooled], { axis: intAttr(1) }, 'flatten');
  graph.addOp('Gemm', [flat, 'fc.weight', 'fc.bias'], {}, 'logits');
  graph.addOutput('logits', ['N', classes]);
  const onnx = graph.toBytes({ producerName: '@moderation/testing', producerVersion: '1' });

  const manifest = validateManifest(
    {
      id,
      version: options.version ?? '1.0.0',
      description: 'Tiny seeded test classifier written by @moderation/testing',
      file: `${id}.onnx`,
      sha256: createHash('sha256').update(onnx).digest('hex'),
      input: {
        name: 'pixel_values',
        layout: 'NCHW',
        height: size,
        width: size,
        channelOrder: 'RGB',
      },
      output: { name: 'logits', kind: 'logits' },
      preprocess: {
        resize: { method: 'sharp', kernel: 'lanczos3', fit: 'fill' },
        scale: 1 / 255,
        mean: [0.485, 0.456, 0.406],
        std: [0.229, 0.224, 0.225],
      },
      labels: options.labels ?? ['cat', 'dog', 'bird', 'fish'],
      policy: options.policy ?? { reject: {}, review: {} },
    } satisfies ModelManifest,
    `${id} (tiny classifier)`,
  );
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, manifest.file), onnx);
  writeFileSync(join(dir, `${id}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
