import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import type { ModelManifest } from '@moderation/model-manifest';
import { tinyClassifierSize, workspaceRoot, writeTinyClassifier } from '@moderation/testing';
import {
  ImageTooLargeError,
  ModelLoadError,
  NoModelLoadedError,
  UndecodableImageError,
  UnknownModelError,
} from './inference-errors';
import { InferenceService, type ImageClassification } from './inference.service';
import * as decoding from './preprocessing/decode-image';

type Colour = { r: number; g: number; b: number };
const solidPng = (colour: Colour, size = 32) =>
  sharp({ create: { width: size, height: size, channels: 3, background: colour } })
    .png()
    .toBuffer();

/**
 * The colour `step` levels away from `colour` on every channel, towards the middle: encoders merge
 * consecutive frames that are (nearly) identical, so the frames of a test animation must differ.
 */
const shade = (colour: Colour, step: number): Colour => {
  const move = (v: number) => (v > 127 ? v - step : v + step);
  return { r: move(colour.r), g: move(colour.g), b: move(colour.b) };
};

/** An animation (or multi-page document) of solid frames of the given colours. */
async function animation(colours: Colour[], format: 'gif' | 'webp' | 'tiff', size = 32) {
  const frames = await Promise.all(colours.map((colour) => solidPng(colour, size)));
  const joined = sharp(frames, { join: { animated: true } });
  const encoded =
    format === 'gif'
      ? joined.gif()
      : format === 'webp'
        ? joined.webp({ lossless: true })
        : joined.tiff();
  return encoded.toBuffer();
}

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

    it('classifies an upload by the path of its file exactly as by its bytes', async () => {
      for (const name of ['chelsea.png', 'rocket.jpg']) {
        const path = resolve(workspaceRoot, 'fixtures/images', name);
        expect(await service.classifyOne(path)).toEqual(await service.classifyOne(fixture(name)));
      }
      // A path that holds no image is refused like bytes that are not one.
      const notAnImage = join(dir, 'tiny_classifier.json');
      await expect(service.classifyOne(notAnImage)).rejects.toThrow(UndecodableImageError);
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

  describe('every frame of an animation counts', () => {
    const candidates: Colour[] = [
      { r: 255, g: 0, b: 0 },
      { r: 0, g: 255, b: 0 },
      { r: 0, g: 0, b: 255 },
      { r: 0, g: 0, b: 0 },
      { r: 255, g: 255, b: 255 },
      { r: 255, g: 255, b: 0 },
      { r: 0, g: 255, b: 255 },
      { r: 255, g: 0, b: 255 },
    ];
    let service: InferenceService;
    /** A colour the policy rejects and one it approves, with their still-image classifications. */
    let unsafe: { colour: Colour; still: ImageClassification };
    let harmless: { colour: Colour; still: ImageClassification };

    beforeEach(async () => {
      // Find the label and the two colours the tiny model tells furthest apart, then give the
      // model a policy rejecting that label halfway between them.
      const probe = await InferenceService.load(options(dir));
      const stills = await probe.classify(await Promise.all(candidates.map((c) => solidPng(c))));
      await probe.close();
      let best = { gap: -1, label: '', high: 0, low: 0 };
      for (const label of manifest.labels) {
        const p = stills.map((still) => still.probabilities[label]);
        const high = p.indexOf(Math.max(...p));
        const low = p.indexOf(Math.min(...p));
        if (p[high] - p[low] > best.gap) best = { gap: p[high] - p[low], label, high, low };
      }
      expect(best.gap).toBeGreaterThan(0.05);
      const threshold =
        (stills[best.high].probabilities[best.label] + stills[best.low].probabilities[best.label]) /
        2;
      rewriteManifest((m) => {
        m.policy = { reject: { [best.label]: threshold }, review: {} };
      });
      service = await InferenceService.load(options(dir));
      const [bad, good] = await service.classify(
        await Promise.all([solidPng(candidates[best.high]), solidPng(candidates[best.low])]),
      );
      unsafe = { colour: candidates[best.high], still: bad };
      harmless = { colour: candidates[best.low], still: good };
      expect([unsafe.still.verdict, harmless.still.verdict]).toEqual(['rejected', 'approved']);
    });

    afterEach(() => service.close());

    /** The result must be the decisive frame's, exactly as that frame alone is classified. */
    const expectDecidedBy = (result: ImageClassification, still: ImageClassification) => {
      expect(result.verdict).toBe(still.verdict);
      expect(result.prediction).toBe(still.prediction);
      expect(result.reason?.label).toBe(still.reason?.label);
      manifest.labels.forEach((label) => {
        // Within what colour-space rounding moves (a TIFF page decodes a level off here and there).
        expect(result.probabilities[label]).toBeCloseTo(still.probabilities[label], 3);
        expect(result.scores[label]).toBeCloseTo(still.scores[label], 3);
      });
    };

    it.each([
      ['first', 0],
      ['middle', 2],
      ['last', 4],
    ])('rejects an animation whose %s frame is unsafe, naming that frame', async (_, at) => {
      for (const format of ['gif', 'webp'] as const) {
        const colours = Array.from({ length: 5 }, (_, i) =>
          i === at ? unsafe.colour : shade(harmless.colour, (i % 2) * 12),
        );
        const result = await service.classifyOne(await animation(colours, format));
        expect(result.frames).toMatchObject({ total: 5, classified: 5, decisive: at });
        expectDecidedBy(result, unsafe.still);
        // Each frame alone, for the moderators' frame strip: the decisive one as the result says.
        expect(result.frames.perFrame?.map((frame) => frame.index)).toEqual([0, 1, 2, 3, 4]);
        expect(result.frames.perFrame?.[at]).toEqual({
          index: at,
          prediction: result.prediction,
          score: result.score,
        });
      }
    });

    it('rejects a two-page TIFF whose second page is unsafe', async () => {
      const tiff = await animation([harmless.colour, unsafe.colour], 'tiff');
      const [result] = await service.classify([tiff]);
      expect(result.frames).toMatchObject({ total: 2, classified: 2, decisive: 1 });
      expectDecidedBy(result, unsafe.still);
    });

    it('approves a harmless animation with the result of its least harmless frame', async () => {
      const colours = [0, 12, 24].map((step) => shade(harmless.colour, step));
      const result = await service.classifyOne(await animation(colours, 'webp'));
      expect(result.verdict).toBe('approved');
      expect(result.frames).toMatchObject({ total: 3, classified: 3 });
      const alone = await service.classify(await Promise.all(colours.map((c) => solidPng(c))));
      const label = Object.keys(manifest.policy.reject)[0];
      const highest = Math.max(...alone.map((still) => still.probabilities[label]));
      expect(alone[result.frames.decisive].probabilities[label]).toBe(highest);
      expectDecidedBy(result, alone[result.frames.decisive]);
    });

    it('counts a still image as one frame', async () => {
      const still = await service.classifyOne(await solidPng(harmless.colour));
      expect(still.frames).toEqual({ total: 1, classified: 1, decisive: 0 });
    });

    it('classifies MAX_FRAMES evenly spaced frames of a long animation, the last included', async () => {
      await service.close();
      service = await InferenceService.load({ ...options(dir), maxFrames: 4 });
      const colours = Array.from({ length: 10 }, (_, i) =>
        i === 9 ? unsafe.colour : shade(harmless.colour, (i % 2) * 12),
      );
      const result = await service.classifyOne(await animation(colours, 'gif', 16));
      expect(result.frames).toMatchObject({ total: 10, classified: 4, decisive: 9 });
      expect(result.frames.perFrame?.map((frame) => frame.index)).toEqual([0, 3, 6, 9]);
      expect(result.verdict).toBe('rejected');
    });

    it('runs the frames through the dynamic batcher in calls of at most MAX_BATCH', async () => {
      await service.close();
      const batches: number[] = [];
      service = await InferenceService.load({
        ...options(dir),
        batching: { maxBatch: 4, maxDelayMs: 5 },
        onBatch: (_, size) => batches.push(size),
      });
      const colours = Array.from({ length: 10 }, (_, i) =>
        i === 6 ? unsafe.colour : shade(harmless.colour, (i % 2) * 12),
      );
      const result = await service.classifyOne(await animation(colours, 'webp', 16));
      expect(result.frames).toMatchObject({ total: 10, classified: 10, decisive: 6 });
      expect(batches).toEqual([4, 4, 2]);
    });

    it('refuses a 500-frame animation by its header, without decoding a frame', async () => {
      await service.close();
      const size = 64;
      // One frame fits the limit easily; the 16 frames that would be classified do not.
      service = await InferenceService.load({
        ...options(dir),
        maxImagePixels: 16 * size * size - 1,
      });
      const frames = await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          solidPng({ r: i % 250, g: 100 + Math.floor(i / 250) * 50, b: 60 }, size),
        ),
      );
      const long = await sharp(frames, { join: { animated: true } })
        .webp({ lossless: true })
        .toBuffer();
      expect((await sharp(long).metadata()).pages).toBe(500);
      const decode = jest.spyOn(decoding, 'decodeImage');
      try {
        const started = performance.now();
        const refusal = service.classifyOne(long);
        await expect(refusal).rejects.toThrow(ImageTooLargeError);
        await expect(refusal).rejects.toThrow(/16 frames of 64×64 pixels/);
        expect(performance.now() - started).toBeLessThan(1000);
        expect(decode).not.toHaveBeenCalled();
        // The same frame alone is accepted: the limit counts the frames, not the frame.
        expect((await service.classifyOne(frames[0])).frames.total).toBe(1);
        expect(decode).toHaveBeenCalledTimes(1);
      } finally {
        decode.mockRestore();
      }
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
