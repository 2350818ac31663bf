import type { Classification } from '@moderation/contracts';
import type { ModelManifest } from '@moderation/model-manifest';
import { UnknownModelError, ModelLoadError } from './inference-errors';
import { scoreOutput } from './classification/scores';
import sharp from 'sharp';
import { Batcher, type BatchingOptions } from './execution/batcher';
import { Semaphore } from './execution/semaphore';
import { InferenceThreads } from './execution/inference-threads';
import { InProcessRunner, type ModelRunner } from './execution/model-runner';
import { loadModels, readManifests } from './models/load-models';
import { decodeImage } from './preprocessing/decode-image';
import { imageTensorSize, writeImageTensor } from './preprocessing/input-tensor';

export interface InferenceOptions {
  modelDir: string;
  /** Model used when a request names none. */
  defaultModel: string;
  /** ONNX Runtime intra-op threads per session. */
  intraOpThreads: number;
  /** Largest width × height accepted before decoding. */
  maxImagePixels: number;
  /**
   * Run the models on this many worker threads (the built thread script named by
   * `threadScript`); on the calling thread when absent.
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
}

/** One image decoded and laid out for one model, ready to join a batch. */
export interface PreparedImage {
  manifest: ModelManifest;
  tensor: Float32Array;
}

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
          imageTensorSize(manifest),
          manifest.labels.length,
          runner.parallel,
          options.batching ?? { maxBatch: 1, maxDelayMs: 0 },
          (batch, count) => runner.run(manifest.id, batch, dimsOf(manifest, count)),
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
    if (options.threads) {
      manifests = (await readManifests(options.modelDir)).map((found) => found.manifest);
      runner = await InferenceThreads.start(options.threads.count, options.threads.script, {
        modelDir: options.modelDir,
        ...settings,
      });
    } else {
      const models = await loadModels(options.modelDir, settings);
      manifests = models.map((model) => model.manifest);
      runner = new InProcessRunner(new Map(models.map((model) => [model.manifest.id, model])));
    }
    const byId = new Map(manifests.map((manifest) => [manifest.id, manifest]));
    if (!byId.has(options.defaultModel)) {
      await runner.close();
      throw new ModelLoadError(
        `the default model "${options.defaultModel}" is not in ${options.modelDir} (found: ${[...byId.keys()].join(', ')})`,
      );
    }
    return new InferenceService(byId, runner, options);
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

  /** Decodes and lays out one image for a model; throws a typed error for bad or oversized images. */
  async prepare(bytes: Buffer, modelId?: string): Promise<PreparedImage> {
    const manifest = this.manifest(modelId);
    const decode = () =>
      decodeImage(bytes, {
        maxPixels: this.options.maxImagePixels,
        resize: {
          width: manifest.input.width,
          height: manifest.input.height,
          spec: manifest.preprocess.resize,
        },
      });
    const image = await (this.decodes ? this.decodes.run(decode) : decode());
    const tensor = new Float32Array(imageTensorSize(manifest));
    writeImageTensor(image, manifest, tensor, 0);
    return { manifest, tensor };
  }

  /** Runs images prepared for the same model through it in one batched call. */
  async run(prepared: PreparedImage[]): Promise<Classification[]> {
    if (prepared.length === 0) return [];
    const { manifest } = prepared[0];
    if (prepared.some((p) => p.manifest !== manifest)) {
      throw new Error('a batch must hold images prepared for one model');
    }
    const size = imageTensorSize(manifest);
    const batch = new Float32Array(size * prepared.length);
    prepared.forEach((p, i) => batch.set(p.tensor, i * size));
    const output = await this.runner.run(manifest.id, batch, dimsOf(manifest, prepared.length));
    const classes = manifest.labels.length;
    return prepared.map((_, i) =>
      classification(manifest, output.subarray(i * classes, (i + 1) * classes)),
    );
  }

  /** Decodes the images in parallel, then classifies them in one batched model call. */
  async classify(images: Buffer[], modelId?: string): Promise<Classification[]> {
    const prepared = await Promise.all(images.map((bytes) => this.prepare(bytes, modelId)));
    return this.run(prepared);
  }

  /**
   * Classifies one image, batched with the images other callers classify at the same time
   * (dynamic batching): what a server handling many requests calls.
   */
  async classifyOne(bytes: Buffer, modelId?: string): Promise<Classification> {
    const manifest = this.manifest(modelId);
    const batcher = this.batchers.get(manifest.id) as Batcher;
    const done = batcher.preparingOne();
    let prepared: PreparedImage;
    try {
      prepared = await this.prepare(bytes, manifest.id);
    } finally {
      done();
    }
    return classification(manifest, await batcher.submit(prepared.tensor));
  }

  async close(): Promise<void> {
    await this.runner.close();
  }
}

function dimsOf(manifest: ModelManifest, count: number): number[] {
  const { height, width, layout } = manifest.input;
  return layout === 'NHWC' ? [count, height, width, 3] : [count, 3, height, width];
}

function classification(manifest: ModelManifest, row: Float32Array): Classification {
  return { model: { id: manifest.id, version: manifest.version }, ...scoreOutput(row, manifest) };
}
