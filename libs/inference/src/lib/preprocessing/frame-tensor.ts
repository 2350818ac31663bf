import type { DecodeMode, ModelManifest } from '@moderation/model-manifest';
import { decodeImage, type FramePlan } from './decode-image';
import { imageTensorSize, writeImageTensor } from './input-tensor';

/** One frame of an upload to decode and lay out for one model. */
export interface FrameRequest {
  /** The upload's bytes (a copy arrives on another thread as a plain Uint8Array), or its path. */
  source: Uint8Array | string;
  manifest: ModelManifest;
  /** Zero-based frame (or page) to decode. */
  page: number;
  /** The upload's header, read (and its pixel count checked) before any decode. */
  plan: FramePlan;
  maxPixels: number;
  mode: DecodeMode;
}

/** Decodes one frame and writes it, resized and normalised, into a tensor of its own. */
export async function frameTensor(request: FrameRequest): Promise<Float32Array> {
  const { source, manifest, page, plan, maxPixels, mode } = request;
  const input =
    typeof source === 'string'
      ? source
      : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  const image = await decodeImage(input, {
    maxPixels,
    page,
    plan,
    ...(mode === 'fast' ? { fastFor: manifest.input } : {}),
    resize: {
      width: manifest.input.width,
      height: manifest.input.height,
      spec: manifest.preprocess.resize,
    },
  });
  const tensor = new Float32Array(imageTensorSize(manifest));
  writeImageTensor(image, manifest, tensor, 0);
  return tensor;
}
