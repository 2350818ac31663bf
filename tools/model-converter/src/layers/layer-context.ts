import type { OnnxGraphBuilder } from '@moderation/onnx-builder';
import type { Weight } from '../dequantize';
import type { KerasLayer } from '../keras-topology';

/**
 * A tensor of the ONNX graph and its shape without the batch dimension: `[C, H, W]` for an image
 * (the graph is NCHW after its input transpose) or `[F]` for a feature vector.
 */
export interface TensorRef {
  name: string;
  dims: readonly number[];
}

/** Thrown for a layer type or a setting the converter does not handle; names the layer and class. */
export class UnsupportedLayerError extends Error {
  constructor(layer: KerasLayer, problem: string) {
    super(`layer "${layer.name}" (${layer.className}): ${problem}`);
    this.name = 'UnsupportedLayerError';
  }
}

/** What a layer emitter sees: its layer, its inputs, the weights and the graph being built. */
export class LayerContext {
  constructor(
    readonly graph: OnnxGraphBuilder,
    readonly layer: KerasLayer,
    readonly inputs: readonly TensorRef[],
    private readonly weights: ReadonlyMap<string, Weight>,
    private readonly usedWeights: Set<string>,
  ) {}

  fail(problem: string): never {
    throw new UnsupportedLayerError(this.layer, problem);
  }

  /** A fresh tensor name under the layer's name, so the ONNX graph reads like the Keras model. */
  name(suffix: string): string {
    return this.graph.uniqueName(`${this.layer.name}/${suffix}`);
  }

  /** The layer's only input, checked to be an image (`[C, H, W]`) or a vector (`[F]`). */
  single(kind: 'image' | 'vector' | 'any' = 'any'): TensorRef {
    if (this.inputs.length !== 1) this.fail(`expects 1 input, got ${this.inputs.length}`);
    const [input] = this.inputs;
    if (kind === 'image' && input.dims.length !== 3) {
      this.fail(`needs an image input, got shape [N, ${input.dims.join(', ')}]`);
    }
    if (kind === 'vector' && input.dims.length !== 1) {
      this.fail(`needs a flat input, got shape [N, ${input.dims.join(', ')}]`);
    }
    return input;
  }

  hasWeight(param: string): boolean {
    return this.weights.has(`${this.layer.name}/${param}`);
  }

  /** The layer's weight `<layer>/<param>`, checked against the shape the config implies. */
  weight(param: string, expectedShape: readonly number[]): Weight {
    const key = `${this.layer.name}/${param}`;
    const weight = this.weights.get(key);
    if (!weight) this.fail(`weight ${key} is missing`);
    if (
      weight.shape.length !== expectedShape.length ||
      weight.shape.some((d, i) => d !== expectedShape[i])
    ) {
      this.fail(`weight ${key} has shape [${weight.shape}], expected [${expectedShape}]`);
    }
    this.usedWeights.add(key);
    return weight;
  }

  /** A float scalar initializer shared by every node that needs the same value (Clip bounds). */
  scalar(value: number): string {
    const name = `scalar/${value}`;
    return this.graph.has(name)
      ? name
      : this.graph.addFloatInitializer(name, [], Float32Array.of(value));
  }

  // --- config readers: a missing or odd setting stops the conversion instead of being guessed.

  number(key: string, fallback?: number): number {
    const value = this.config(key, fallback);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(`${key} must be a number, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  boolean(key: string, fallback?: boolean): boolean {
    const value = this.config(key, fallback);
    if (typeof value !== 'boolean') this.fail(`${key} must be true or false`);
    return value;
  }

  string(key: string, fallback?: string): string {
    const value = this.config(key, fallback);
    if (typeof value !== 'string') this.fail(`${key} must be a string`);
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T {
    const value = this.string(key, fallback);
    if (!(allowed as readonly string[]).includes(value)) {
      this.fail(`${key} "${value}" is not supported (${allowed.join(', ')})`);
    }
    return value as T;
  }

  /** Keras accepts `3` or `[3, 3]` for kernel sizes, strides and dilation rates. */
  pair(key: string, fallback?: number | [number, number]): [number, number] {
    const value = this.config(key, fallback);
    const pair = typeof value === 'number' ? [value, value] : value;
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      !pair.every((v) => Number.isInteger(v) && (v as number) > 0)
    ) {
      this.fail(
        `${key} must be a positive integer or a pair of them, got ${JSON.stringify(value)}`,
      );
    }
    return [pair[0] as number, pair[1] as number];
  }

  /** Every image layer here assumes channels-last Keras tensors, which the graph keeps as NCHW. */
  requireChannelsLast(): void {
    this.oneOf('data_format', ['channels_last'], 'channels_last');
  }

  private config(key: string, fallback: unknown): unknown {
    const value = this.layer.config[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) this.fail(`config ${key} is missing`);
      return fallback;
    }
    return value;
  }
}
