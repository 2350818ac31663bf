/**
 * The manifest that sits next to each `.onnx` file in the model folder. The inference library
 * reads nothing else about a model, so any ONNX image classifier plugs in by writing one.
 */
export interface ModelManifest {
  /** Stable id clients pass as `model`, e.g. `mobilenet_v2`. */
  id: string;
  /** Changes whenever the weights or the preprocessing change; results are cached per version. */
  version: string;
  /** Human-readable origin, e.g. `nsfwjs 4.4.0 mobilenet_v2, converted by tools/model-converter`. */
  description?: string;
  /** File name of the ONNX model, relative to the manifest. */
  file: string;
  /** SHA-256 of the ONNX file, hex; checked at load so a stale or truncated file is refused. */
  sha256?: string;
  input: ModelInput;
  output: ModelOutput;
  preprocess: Preprocess;
  /** Class names in the order of the model's output. */
  labels: string[];
  policy: ModerationPolicy;
}

export interface ModelInput {
  name: string;
  /** NHWC: [batch, height, width, channels] (TensorFlow); NCHW: [batch, channels, height, width] (PyTorch). */
  layout: 'NHWC' | 'NCHW';
  height: number;
  width: number;
  /** Order of the three colour channels the model expects. */
  channelOrder: 'RGB' | 'BGR';
}

export interface ModelOutput {
  name: string;
  /** `probabilities` are used as they are; `logits` go through a softmax first. */
  kind: 'probabilities' | 'logits';
}

/**
 * How an upload is decoded before the resize: `exact` decodes it at full size (what the model was
 * validated with); `fast` lets libvips decode a JPEG or WebP straight to a smaller size, at least
 * twice the model's input, and resizes from there (much less work on phone photos; probabilities
 * move slightly, see docs/models.md).
 */
export type DecodeMode = 'exact' | 'fast';

export interface Preprocess {
  resize: ResizeSpec;
  /** `exact` when absent. A deployment may override it for every model (`PREPROCESS_DECODE`). */
  decode?: DecodeMode;
  /** Each 8-bit channel value is multiplied by `scale`, then `(x - mean[c]) / std[c]`. */
  scale: number;
  mean: [number, number, number];
  std: [number, number, number];
}

export type ResizeSpec =
  /**
   * Bilinear interpolation with aligned corners on the fully decoded image, stretched to the
   * input size: exactly TensorFlow's `resizeBilinear(…, alignCorners = true)`, which nsfwjs uses.
   */
  | { method: 'bilinear-align-corners' }
  /** One of sharp's kernels; `fit` as in sharp's resize. */
  | {
      method: 'sharp';
      kernel: 'nearest' | 'linear' | 'cubic' | 'mitchell' | 'lanczos2' | 'lanczos3';
      fit: 'fill' | 'cover' | 'contain';
    };

/**
 * How probabilities become a verdict: `rejected` when any class reaches its reject threshold,
 * else `review` when any class reaches its review threshold, else `approved`. A class without a
 * threshold never affects the verdict.
 */
export interface ModerationPolicy {
  reject: Record<string, number>;
  review: Record<string, number>;
}

export const manifestSuffix = '.json';
