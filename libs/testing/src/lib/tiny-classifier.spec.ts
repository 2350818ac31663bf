import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { validateManifest } from '@moderation/model-manifest';
import { tinyClassifierSize, writeTinyClassifier } from './tiny-classifier';

describe('writeTinyClassifier', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tiny-classifier-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a model and a valid manifest that describes it', () => {
    const manifest = writeTinyClassifier(dir, { id: 'tiny' });
    const onDisk = validateManifest(
      JSON.parse(readFileSync(join(dir, 'tiny.json'), 'utf8')),
      'tiny',
    );
    expect(onDisk).toEqual(manifest);
    expect(manifest).toMatchObject({
      file: 'tiny.onnx',
      input: { name: 'pixel_values', layout: 'NCHW', height: 32, width: 32 },
      output: { name: 'logits', kind: 'logits' },
      preprocess: { resize: { method: 'sharp', kernel: 'lanczos3', fit: 'fill' } },
    });
    const bytes = readFileSync(join(dir, 'tiny.onnx'));
    expect(manifest.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('loads in ONNX Runtime and gives each image its own logits', async () => {
    const manifest = writeTinyClassifier(dir);
    const session = await InferenceSession.create(join(dir, manifest.file));
    try {
      expect(session.inputMetadata[0]).toMatchObject({
        name: 'pixel_values',
        shape: ['N', 3, tinyClassifierSize, tinyClassifierSize],
      });
      const pixels = tinyClassifierSize * tinyClassifierSize * 3;
      // A dark gradient and a bright one, already normalized the way the manifest says.
      const batch = Float32Array.from({ length: 2 * pixels }, (_, i) =>
        i < pixels ? -1.5 + (i % 97) / 97 : 1 + (i % 89) / 60,
      );
      const { logits } = await session.run({
        pixel_values: new Tensor('float32', batch, [2, 3, tinyClassifierSize, tinyClassifierSize]),
      });
      expect(logits.dims).toEqual([2, manifest.labels.length]);
      const values = Array.from(logits.data as Float32Array);
      expect(values.every(Number.isFinite)).toBe(true);
      const spread = Math.max(...values.slice(0, 4).map((v, i) => Math.abs(v - values[4 + i])));
      expect(spread).toBeGreaterThan(0.01);
    } finally {
      await session.release();
    }
  });

  it('writes the same bytes for the same seed and different ones for another', () => {
    const first = writeTinyClassifier(join(dir, 'a'), { seed: 7 });
    const again = writeTinyClassifier(join(dir, 'b'), { seed: 7 });
    const other = writeTinyClassifier(join(dir, 'c'), { seed: 8 });
    expect(again.sha256).toBe(first.sha256);
    expect(other.sha256).not.toBe(first.sha256);
  });
});
