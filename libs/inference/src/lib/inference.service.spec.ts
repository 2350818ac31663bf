import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import type { ModelManifest } from '@moderation/model-manifest';
import { tinyClassifierSize, workspaceRoot, writeTinyClassifier } from '@moderation/testing';
import {
  ModelLoadError,
  NoModelLoadedError,
  UndecodableImageError,
  UnknownModelError,
} from './inference-errors';
import { InferenceService } from './inference.service';

const fixture = (name: string) => readFileSync(resolve(workspaceRoot, 'fixtures/images', name));
const options = (modelDir: string) => ({
  modelDir,
  defaultModel: 'tiny_classifier',
  intraOpThreads: 1,
  maxImagePixels: 50_000_000,
});

/**
 * What a PyTorch user would compute for the tiny classifier, written out by hand: Lanczos resize to
 * 32×32, /255, ImageNet mean/std per channel, planar NCHW, logits through softmax.
 */
async function handComputedProbabilities(dir: string, bytes: Buffer): Promise<number[]> {
  const size = tinyClassifierSize;
  const rgb = await sharp(bytes)
    .rotate()
    .flatten({ background: '#ffffff' })
    .resize(size, size, { kernel: 'lanczos3', fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer();
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  const planar = new Float32Array(3 * size * size);
  for (let pixel = 0; pixel < size * size; pixel++) {
    for (let c = 0; c < 3; c++) {
      planar[c * size * size + pixel] = (rgb[pixel * 3 + c] / 255 - mean[c]) / std[c];
    }
  }
  const session = await InferenceSession.create(join(dir, 'tiny_classifier.onnx'));
  try {
    const out = await session.run({
      pixel_values: new Tensor('float32', planar, [1, 3, size, size]),
    });
    const logits = Array.from(out.logits.data as Float32Array);
    const exps = logits.map((x) => Math.exp(x));
    const sum = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / sum);
  } finally {
    await session.release();
  }
}

describe('InferenceService', () => {
  let dir: string;
  let manifest: ModelManifest;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'inference-service-'));
    manifest = writeTinyClassifier(dir, {
      policy: { reject: { dog: 0.99 }, review: { cat: 0.01 } },
    });
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const rewriteManifest = (change: (m: ModelManifest) => void) => {
    const copy = structuredClone(manifest);
    change(copy);
    writeFileSync(join(dir, 'tiny_classifier.json'), JSON.stringify(copy));
  };

  describe('a classifier that is not nsfwjs (NCHW, mean/std, logits) plugs in by its manifest', () => {
    let service: InferenceService;

    beforeEach(async () => {
      service = await InferenceService.load(options(dir));
    });

    afterEach(() => service.close());

    it('lists the loaded model with its version', () => {
      expect(service.loadedModels()).toEqual([
        { id: 'tiny_classifier', version: '1.0.0', labels: manifest.labels, default: true },
      ]);
    });

    it('gives the probabilities a hand-written NCHW pipeline gives', async () => {
      for (const name of ['chelsea.png', 'rocket.jpg', 'coffee.png']) {
        const bytes = fixture(name);
        const expected = await handComputedProbabilities(dir, bytes);
        const [result] = await service.classify([bytes]);
        manifest.labels.forEach((label, i) => {
          expect(result.scores[label]).toBeCloseTo(expected[i], 4);
        });
        const top = expected.indexOf(Math.max(...expected));
        expect(result.prediction).toBe(manifest.labels[top]);
        expect(result.score).toBeCloseTo(expected[top], 4);
        expect(result.model).toEqual({ id: 'tiny_classifier', version: '1.0.0' });
      }
    });

    it('applies the manifest policy to the probabilities', async () => {
      const [result] = await service.classify([fixture('chelsea.png')]);
      // cat ≥ 0.01 triggers review; dog < 0.99 leaves it unrejected.
      expect(result.scores.dog).toBeLessThan(0.99);
      expect(result.verdict).toBe('review');
    });

    it('classifies a batch exactly as it classifies each image alone', async () => {
      const images = ['chelsea.png', 'horse.png', 'rocket.jpg', 'astronaut.png'].map(fixture);
      const batched = await service.classify(images);
      const alone = await Promise.all(
        images.map(async (bytes) => (await service.classify([bytes]))[0]),
      );
      expect(batched).toEqual(alone);
      // Different photos must not come back as one repeated answer.
      expect(new Set(batched.map((r) => JSON.stringify(r.scores))).size).toBe(images.length);
    });

    it('refuses a model it has not loaded, naming the loaded ones', async () => {
      const failure = service.classify([fixture('chelsea.png')], 'resnet50');
      await expect(failure).rejects.toThrow(UnknownModelError);
      await expect(failure).rejects.toThrow('loaded: tiny_classifier');
    });

    it('refuses bytes that are not an image with a typed error', async () => {
      await expect(service.classify([Buffer.from('%PDF-1.7 not an image')])).rejects.toThrow(
        UndecodableImageError,
      );
    });
  });

  describe('refuses to start, saying what to fix', () => {
    it('when the folder has no manifest', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'inference-empty-'));
      try {
        const loading = InferenceService.load(options(empty));
        await expect(loading).rejects.toThrow(NoModelLoadedError);
        await expect(loading).rejects.toThrow('npm run models');
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });

    it('when the model file is missing', async () => {
      unlinkSync(join(dir, 'tiny_classifier.onnx'));
      await expect(InferenceService.load(options(dir))).rejects.toThrow(
        /tiny_classifier.onnx .* is missing/,
      );
    });

    it('when the model file does not match its sha256', async () => {
      const path = join(dir, 'tiny_classifier.onnx');
      const bytes = readFileSync(path);
      bytes[bytes.length - 1] ^= 0xff;
      writeFileSync(path, bytes);
      await expect(InferenceService.load(options(dir))).rejects.toThrow(
        /does not match the sha256/,
      );
    });

    it("when the manifest's input shape disagrees with the model", async () => {
      rewriteManifest((m) => {
        m.input.height = 64;
        m.input.width = 64;
      });
      await expect(InferenceService.load(options(dir))).rejects.toThrow(
        /has shape \[N, 3, 32, 32\], but the manifest says NCHW 64×64×3/,
      );
    });

    it('when the manifest names another layout than the model has', async () => {
      rewriteManifest((m) => {
        m.input.layout = 'NHWC';
      });
      await expect(InferenceService.load(options(dir))).rejects.toThrow(ModelLoadError);
    });

    it('when the manifest lists more labels than the model outputs', async () => {
      rewriteManifest((m) => {
        m.labels = [...m.labels, 'horse'];
      });
      await expect(InferenceService.load(options(dir))).rejects.toThrow(
        /outputs 4 classes but the manifest lists 5 labels/,
      );
    });

    it('when the default model is not in the folder', async () => {
      await expect(
        InferenceService.load({ ...options(dir), defaultModel: 'mobilenet_v2' }),
      ).rejects.toThrow(/default model "mobilenet_v2" is not in .* \(found: tiny_classifier\)/);
    });
  });
});
