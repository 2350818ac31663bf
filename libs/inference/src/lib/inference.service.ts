import type { Classification, FrameCount } from '@moderation/contracts';
import type { DecodeMode, ModelManifest } from '@moderation/model-manifest';
import { UnknownModelError, ModelLoadError } from './inference-errors';
import { scoreOutput } from './classification/scores';
import { worstFrame } from './classification/worst-frame';
import sharp from 'sharp';
import { Batcher, type BatchingOptions } from './execution/batcher';
import { Semaphore } from './execution/semaphore';
import { DecodeThread } from './execution/decode-thread';
import { InferenceThreads } from './execution/inference-threads';
import { InProcessRunner, laidEndToEnd, type ModelRunner } from './execution/model-runner';
import { loadModels, readManifests } from './models/load-models';
import { planFrames, type FramePlan, type ImageSource } from './preprocessing/decode-image';
import { frameTensor, type FrameRequest } from './preprocessing/frame-tensor';
import { frameThumbnail } from './preprocessing/frame-thumbnail';

export interface InferenceOptions {
  modelDir: string;
  /** Model used when a request names none. */
  defaultModel: string;
  /** ONNX Runtime intra-op threads per session. */
  intraOpThreads: number;
  /**
   * Largest number of pixels decoded for one image: width × height × the frames classified.
   * Checked on the header, before decoding.
   */
  maxImagePixels: number;
  /**
   * Most frames of an animation (or pages of a document) classified, evenly spaced with the first
   * and the last included; 16 when absent.
   */
  maxFrames?: number;
  /**
   * Run the models on this many worker threads started from the built thread script `script`,
   * and decode on one more thread from the same script; both on the calling thread when absent.
   */
  threads?: { count: number; script: string };
  /** Dynamic batching of {@link InferenceService.classifyOne}; one image per call when absent. */
  batching?: BatchingOptions;
  /**
   * Images decoded at the same time, each on one libvips thread; unlimited (and libvips's own
   * thread count) when absent.
   */
  decodeConcurrency?: number;
  /** Called with the size of every batch run through a model. */
  onBatch?: (modelId: string, size: number) => void;
  /**
   * How every model's uploads are decoded, whatever its manifest says (`preprocess.decode`);
   * each model's own mode when absent.
   */
  decodeMode?: DecodeMode;
}

/** One image decoded and laid out for one model, ready to join a batch. */
export interface PreparedImage {
  manifest: ModelManifest;
  tensor: Float32Array;
}

/** Every frame of one image decoded and laid out for one model. */
export interface PreparedFrames {
  manifest: ModelManifest;
  /** Frames in the image. */
  total: number;
  /** Zero-based index in the image of each tensor's frame. */
  indices: number[];
  tensors: Float32Array[];
}

/** What a model says about one image: its decisive (worst) frame's classification. */
export interface ImageClassification extends Classification {
  /** The decisive frame's exact probabilities. */
  probabilities: Record<string, number>;
  frames: FrameCount;
}

export const defaultMaxFrames = 16;

/**
 * Classifies images with the models found in the model folder. Everything about a model comes
 * from its manifest, so any ONNX image classifier plugs in without code changes.
 */
export class InferenceService {
  private readonly batchers = new Map<string, Batcher>();
  private readonly decodes?: Semaphore;

  private constructor(
    private readonly manifests: ReadonlyMap<string, ModelManifest>,
    private readonly runner: ModelRunner,
    private readonly options: InferenceOptions,
    private readonly decodeThread?: DecodeThread,
  ) {
    if (options.decodeConcurrency) {
      // One libvips thread per image: the decode budget is counted in images. Uploads are never
      // decoded twice, so libvips's operation cache would only hold memory.
      sharp.concurrency(1);
      sharp.cache(false);
      this.decodes = new Semaphore(options.decodeConcurrency);
    }
    for (const manifest of manifests.values()) {
      this.batchers.set(
        manifest.id,
        new Batcher(
          manifest.labels.length,
          runner.parallel,
          options.batching ?? { maxBatch: 1, maxDelayMs: 0 },
          (images) => runner.run(manifest.id, images, dimsOf(manifest, images.length)),
          (size) => options.onBatch?.(manifest.id, size),
        ),
      );
    }
  }

  /** Loads and warms up every model; fails with a message saying what to fix. */
  static async load(options: InferenceOptions): Promise<InferenceService> {
    const settings = { intraOpThreads: options.intraOpThreads };
    let manifests: ModelManifest[];
    let runner: ModelRunner;
    let decodeThread: DecodeThread | undefined;
    if (options.threads) {
      manifests = (await readManifests(options.modelDir)).map((found) => found.manifest);
      [runner, decodeThread] = await Promise.all([
        InferenceThreads.start(options.threads.count, options.threads.script, {
          modelDir: options.modelDir,
          ...settings,
        }),
        DecodeThread.start(options.threads.script),
      ]);
    } else {
      const models = await loadModels(options.modelDir, settings);
      manifests = models.map((model) => model.manifest);
      runner = new InProcessRunner(new Map(models.map((model) => [model.manifest.id, model])));
    }
    const byId = new Map(manifests.map((manifest) => [manifest.id, manifest]));
    if (!byId.has(options.defaultModel)) {
      await runner.close();
      await decodeThread?.close();
      throw new ModelLoadError(
        `the default model "${options.defaultModel}" is not in ${options.modelDir} (found: ${[...byId.keys()].join(', ')})`,
      );
    }
    return new InferenceService(byId, runner, options, decodeThread);
  }

  loadedModels(): { id: string; version: string; labels: string[]; default: boolean }[] {
    return [...this.manifests.values()].map((manifest) => ({
      id: manifest.id,
      version: manifest.version,
      labels: manifest.labels,
      default: manifest.id === this.options.defaultModel,
    }));
  }

  manifest(id: string = this.options.defaultModel): ModelManifest {
    const manifest = this.manifests.get(id);
    if (!manifest) throw new UnknownModelError(id, [...this.manifests.keys()]);
    return manifest;
  }

  /**
   * Decodes and lays out the first frame of one image for a model (benchmarks and callers that
   * batch themselves); throws a typed error for bad or oversized images.
   */
  async prepare(source: ImageSource, modelId?: string): Promise<PreparedImage> {
    const manifest = this.manifest(modelId);
    return { manifest, tensor: await this.prepareFrame(source, manifest, 0) };
  }

  /**
   * Decodes and lays out the frames of one image to classify (every frame of a short animation,
   * evenly spaced ones of a long one). The header is read first: an image whose frames would hold
   * more than `maxImagePixels` pixels together is refused before any is decoded.
   */
  async prepareFrames(source: ImageSource, modelId?: string): Promise<PreparedFrames> {
    const manifest = this.manifest(modelId);
    const plan = await planFrames(source, {
      maxPixels: this.options.maxImagePixels,
      maxFrames: this.options.maxFrames ?? defaultMaxFrames,
    });
    // Each frame is one decode of the decode budget, so a long animation cannot take every
    // decoding slot from the images queued behind it for longer than its own frames need.
    const tensors = await Promise.all(
      plan.indices.map((page) => this.prepareFrame(source, manifest, page, plan)),
    );
    return { manifest, total: plan.total, indices: plan.indices, tensors };
  }

  private async prepareFrame(
    source: ImageSource,
    manifest: ModelManifest,
    page: number,
    plan?: FramePlan,
  ): Promise<Float32Array> {
    const maxPixels = this.options.maxImagePixels;
    const request: FrameRequest = {
      source,
      manifest,
      page,
      // Read here, so an oversized image is refused before anything is sent to be decoded.
      plan: plan ?? (await planFrames(source, { maxPixels, maxFrames: 1 })),
      maxPixels,
      mode: this.options.decodeMode ?? manifest.preprocess.decode ?? 'exact',
    };
    const decode = () =>
      this.decodeThread?.running ? this.decodeThread.decode(request) : frameTensor(request);
    return this.decodes ? this.decodes.run(decode) : decode();
  }

  /**
   * Small JPEGs of the given frames of an image (see {@link frameThumbnail}), each one decode of
   * the decode budget like a frame classified.
   */
  async frameThumbnails(bytes: Buffer, indices: number[], maxSide: number): Promise<Buffer[]> {
    const options = { maxSide, maxPixels: this.options.maxImagePixels };
    return Promise.all(
      indices.map((page) => {
        const make = () => frameThumbnail(bytes, page, options);
        return this.decodes ? this.decodes.run(make) : make();
      }),
    );
  }

  /** Runs images prepared for the same model through it in one batched call. */
  async run(prepared: PreparedImage[]): Promise<Classification[]> {
    if (prepared.length === 0) return [];
    const { manifest } = prepared[0];
    if (prepared.some((p) => p.manifest !== manifest)) {
      throw new Error('a batch must hold images prepared for one model');
    }
    const rows = await this.runTensors(
      manifest,
      prepared.map((p) => p.tensor),
    );
    return rows.map((row) => classification(manifest, row));
  }

  /**
   * Decodes the images in parallel, then classifies every chosen frame of them in one batched
   * call; each image gets its worst frame's classification.
   */
  async classify(images: Buffer[], modelId?: string): Promise<ImageClassification[]> {
    const prepared = await Promise.all(images.map((bytes) => this.prepareFrames(bytes, modelId)));
    if (prepared.length === 0) return [];
    const { manifest } = prepared[0];
    const rows = await this.runTensors(
      manifest,
      prepared.flatMap((p) => p.tensors),
    );
    let next = 0;
    return prepared.map((p) => {
      const own = rows.slice(next, (next += p.tensors.length));
      return decisive(p, own);
    });
  }

  /**
   * Classifies one image, batched with the images other callers classify at the same time
   * (dynamic batching): what a server handling many requests calls.
   *
   * The frames of an animation join the batcher like separate images rather than as one batch of
   * their own: `MAX_BATCH` keeps bounding every model call (a 16-frame animation never makes a
   * call larger than the operator allowed), and the frames share calls with other uploads instead
   * of making them wait behind a call of the animation's size. They are queued together, so they
   * run in as few calls as `MAX_BATCH` allows.
   */
  async classifyOne(source: ImageSource, modelId?: string): Promise<ImageClassification> {
    const manifest = this.manifest(modelId);
    const batcher = this.batchers.get(manifest.id) as Batcher;
    const done = batcher.preparingOne();
    let prepared: PreparedFrames;
    try {
      prepared = await this.prepareFrames(source, manifest.id);
    } finally {
      done();
    }
    return decisive(prepared, await batcher.submitAll(prepared.tensors));
  }

  private async runTensors(
    manifest: ModelManifest,
    tensors: Float32Array[],
  ): Promise<Float32Array[]> {
    // Copied into a batch of its own: a caller may run the same prepared images again.
    const batch = laidEndToEnd(tensors);
    const output = await this.runner.run(manifest.id, [batch], dimsOf(manifest, tensors.length));
    const classes = manifest.labels.length;
    return tensors.map((_, i) => output.subarray(i * classes, (i + 1) * classes));
  }

  async close(): Promise<void> {
    await Promise.all([this.runner.close(), this.decodeThread?.close()]);
  }
}

function dimsOf(manifest: ModelManifest, count: number): number[] {
  const { height, width, layout } = manifest.input;
  return layout === 'NHWC' ? [count, height, width, 3] : [count, 3, height, width];
}

function classification(manifest: ModelManifest, row: Float32Array) {
  return { model: { id: manifest.id, version: manifest.version }, ...scoreOutput(row, manifest) };
}

/** The image's result: its worst frame's classification under the model's own policy. */
function decisive(prepared: PreparedFrames, rows: Float32Array[]): ImageClassification {
  const { manifest } = prepared;
  const frames = rows.map((row) => classification(manifest, row));
  const worst = worstFrame(frames, manifest.policy);
  const count = {
    total: prepared.total,
    classified: frames.length,
    decisive: prepared.indices[worst],
  };
  if (prepared.total === 1) return { ...frames[worst], frames: count };
  const perFrame = frames.map((frame, i) => ({
    index: prepared.indices[i],
    prediction: frame.prediction,
    score: frame.score,
  }));
  return { ...frames[worst], frames: { ...count, perFrame } };
}
