import { Tensor } from 'onnxruntime-node';
import type { Classification } from '@moderation/contracts';
import { UnknownModelError, ModelLoadError } from './inference-errors';
import { scoreOutput } from './classification/scores';
import { loadModels, type LoadedModel } from './models/load-models';
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
}

/** One image decoded and laid out for one model, ready to join a batch. */
export interface PreparedImage {
  model: LoadedModel;
  tensor: Float32Array;
}

/**
 * Classifies images with the models found in the model folder. Everything about a model comes
 * from its manifest, so any ONNX image classifier plugs in without code changes.
 */
export class InferenceService {
  private constructor(
    private readonly models: ReadonlyMap<string, LoadedModel>,
    private readonly options: InferenceOptions,
  ) {}

  /** Loads and warms up every model; fails with a message saying what to fix. */
  static async load(options: InferenceOptions): Promise<InferenceService> {
    const loaded = await loadModels(options.modelDir, { intraOpThreads: options.intraOpThreads });
    const models = new Map(loaded.map((model) => [model.manifest.id, model]));
    if (!models.has(options.defaultModel)) {
      throw new ModelLoadError(
        `the default model "${options.defaultModel}" is not in ${options.modelDir} (found: ${[...models.keys()].join(', ')})`,
      );
    }
    return new InferenceService(models, options);
  }

  loadedModels(): { id: string; version: string; default: boolean }[] {
    return [...this.models.values()].map(({ manifest }) => ({
      id: manifest.id,
      version: manifest.version,
      default: manifest.id === this.options.defaultModel,
    }));
  }

  model(id: string = this.options.defaultModel): LoadedModel {
    const model = this.models.get(id);
    if (!model) throw new UnknownModelError(id, [...this.models.keys()]);
    return model;
  }

  /** Decodes and lays out one image for a model; throws a typed error for bad or oversized images. */
  async prepare(bytes: Buffer, modelId?: string): Promise<PreparedImage> {
    const model = this.model(modelId);
    const { manifest } = model;
    const image = await decodeImage(bytes, {
      maxPixels: this.options.maxImagePixels,
      resize: {
        width: manifest.input.width,
        height: manifest.input.height,
        spec: manifest.preprocess.resize,
      },
    });
    const tensor = new Float32Array(imageTensorSize(manifest));
    writeImageTensor(image, manifest, tensor, 0);
    return { model, tensor };
  }

  /** Runs images prepared for the same model through it in one batched call. */
  async run(prepared: PreparedImage[]): Promise<Classification[]> {
    if (prepared.length === 0) return [];
    const { manifest, session } = prepared[0].model;
    if (prepared.some((p) => p.model !== prepared[0].model)) {
      throw new Error('a batch must hold images prepared for one model');
    }
    const size = imageTensorSize(manifest);
    const batch = new Float32Array(size * prepared.length);
    prepared.forEach((p, i) => batch.set(p.tensor, i * size));
    const { height, width, layout, name } = manifest.input;
    const dims =
      layout === 'NHWC' ? [prepared.length, height, width, 3] : [prepared.length, 3, height, width];
    const outputs = await session.run({ [name]: new Tensor('float32', batch, dims) });
    const output = outputs[manifest.output.name];
    const classes = manifest.labels.length;
    const data = output.data as Float32Array;
    return prepared.map((_, i) => ({
      model: { id: manifest.id, version: manifest.version },
      ...scoreOutput(data.subarray(i * classes, (i + 1) * classes), manifest),
    }));
  }

  /** Decodes the images in parallel, then classifies them in one batched model call. */
  async classify(images: Buffer[], modelId?: string): Promise<Classification[]> {
    const prepared = await Promise.all(images.map((bytes) => this.prepare(bytes, modelId)));
    return this.run(prepared);
  }

  async close(): Promise<void> {
    await Promise.all([...this.models.values()].map(({ session }) => session.release()));
  }
}
