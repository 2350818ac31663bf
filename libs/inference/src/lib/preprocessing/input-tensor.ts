import type { ModelManifest } from '@moderation/model-manifest';
import { resizeBilinearAlignCorners } from './bilinear-align-corners';
import type { DecodedImage } from './decode-image';

/** Number of float32 values one image occupies in the model's input tensor. */
export function imageTensorSize(manifest: ModelManifest): number {
  return manifest.input.height * manifest.input.width * 3;
}

/**
 * Writes one decoded image into a batch input tensor at `offset`, resized, scaled, normalised and
 * laid out as the manifest says.
 */
export function writeImageTensor(
  image: DecodedImage,
  manifest: ModelManifest,
  target: Float32Array,
  offset: number,
): void {
  const { height, width, layout, channelOrder } = manifest.input;
  const { scale, mean, std } = manifest.preprocess;
  const values = sampleToInputSize(image, manifest);
  const plane = height * width;
  // Source channel for each model channel: RGB as decoded, or reversed for BGR models.
  const source = channelOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  for (let c = 0; c < 3; c++) {
    const s = source[c];
    const m = mean[c];
    const inverseStd = 1 / std[c];
    for (let p = 0; p < plane; p++) {
      const value = (values[p * 3 + s] * scale - m) * inverseStd;
      target[layout === 'NHWC' ? offset + p * 3 + c : offset + c * plane + p] = value;
    }
  }
}

function sampleToInputSize(image: DecodedImage, manifest: ModelManifest): ArrayLike<number> {
  const { height, width } = manifest.input;
  if (image.width === width && image.height === height) return image.pixels;
  if (manifest.preprocess.resize.method !== 'bilinear-align-corners') {
    throw new Error(
      `image is ${image.width}×${image.height} but ${manifest.id} needs ${width}×${height}: sharp should have resized it`,
    );
  }
  return resizeBilinearAlignCorners(image.pixels, image.width, image.height, 3, width, height);
}
