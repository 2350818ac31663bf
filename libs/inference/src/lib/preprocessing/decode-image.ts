import sharp, { type Metadata } from 'sharp';
import type { ResizeSpec } from '@moderation/model-manifest';
import { ImageTooLargeError, UndecodableImageError } from '../inference-errors';

export interface DecodedImage {
  /** 8-bit sRGB, interleaved RGB, no alpha. */
  pixels: Uint8Array;
  width: number;
  height: number;
}

export interface DecodeOptions {
  /** Largest width × height accepted; larger images are refused before they are decoded. */
  maxPixels: number;
  /** Target size, applied by sharp only when the model's resize method is one of sharp's kernels. */
  resize?: { width: number; height: number; spec: ResizeSpec };
}

/**
 * Decodes uploaded bytes to what every model starts from: the first frame (animated GIF/WebP,
 * multi-page TIFF), turned upright per EXIF, transparency flattened onto white, converted to
 * 8-bit sRGB RGB whatever the source (16-bit, grey, CMYK, palette).
 */
export async function decodeImage(bytes: Buffer, options: DecodeOptions): Promise<DecodedImage> {
  const image = sharp(bytes, {
    limitInputPixels: options.maxPixels,
    // Photos from phones are often slightly truncated; decode what is there.
    failOn: 'error',
    pages: 1,
  });
  let metadata: Metadata;
  try {
    // Reading the header is cheap and safe whatever it declares; the limit applies to decoding.
    metadata = await sharp(bytes, { limitInputPixels: false, pages: 1 }).metadata();
  } catch (error) {
    throw new UndecodableImageError(`not a decodable image: ${describe(error)}`);
  }
  const width = metadata.width ?? 0;
  const height = metadata.pageHeight ?? metadata.height ?? 0;
  if (width * height > options.maxPixels) {
    throw new ImageTooLargeError(width, height, options.maxPixels);
  }

  let pipeline = image.rotate().flatten({ background: '#ffffff' }).toColourspace('srgb');
  const resize = options.resize;
  if (resize && resize.spec.method === 'sharp') {
    pipeline = pipeline.resize(resize.width, resize.height, {
      kernel: resize.spec.kernel,
      fit: resize.spec.fit,
      background: '#ffffff',
    });
  }
  try {
    const { data, info } = await pipeline
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) {
      throw new UndecodableImageError(`decoded to ${info.channels} channels instead of 3`);
    }
    return {
      pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    if (error instanceof UndecodableImageError) throw error;
    throw new UndecodableImageError(`image could not be decoded: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
