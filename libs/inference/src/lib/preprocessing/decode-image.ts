import sharp, { type Metadata } from 'sharp';
import type { ResizeSpec } from '@moderation/model-manifest';
import { ImageTooLargeError, UndecodableImageError } from '../inference-errors';
import { selectFrames } from './frame-selection';

export interface DecodedImage {
  /** 8-bit sRGB, interleaved RGB, no alpha. */
  pixels: Uint8Array;
  width: number;
  height: number;
}

/**
 * An upload to decode: its bytes, or the path of the file that holds them, which libvips then reads
 * itself (the bytes never enter the JS heap).
 */
export type ImageSource = Buffer | string;

export interface DecodeOptions {
  /** Largest width × height accepted; larger images are refused before they are decoded. */
  maxPixels: number;
  /** Target size, applied by sharp only when the model's resize method is one of sharp's kernels. */
  resize?: { width: number; height: number; spec: ResizeSpec };
  /** Zero-based frame (animated GIF/WebP) or page (TIFF) to decode; the first when absent. */
  page?: number;
  /**
   * Fast decoding for a model of this input size: a JPEG or WebP is decoded straight to a
   * smaller size (libvips shrink-on-load, see {@link fastDecodeSize}) instead of its full size.
   * Other formats, and images already small, decode as usual.
   */
  fastFor?: { width: number; height: number };
  /** The upload's header as {@link planFrames} read it, when the caller has it: not read again. */
  plan?: FramePlan;
}

/** The frames of one upload that will be classified, read from its header alone. */
export interface FramePlan {
  /** Frames (or pages) in the file; 1 for a still image. */
  total: number;
  /** Zero-based indices of the frames to decode, sorted: see {@link selectFrames}. */
  indices: number[];
  /** Size of one frame. */
  width: number;
  height: number;
  /** sharp's name of the format: `jpeg`, `png`, `webp`, `gif`, `tiff`, … */
  format: string;
  /** EXIF orientation, 1 (upright) when absent. */
  orientation: number;
}

/**
 * Reads the header only and decides which frames to decode. Refuses, before anything is decoded,
 * an upload whose chosen frames together hold more than `maxPixels` pixels: every frame decoded
 * costs its memory and time, so a long animation of large frames is a decompression bomb as much
 * as one huge still image is.
 */
export async function planFrames(
  source: ImageSource,
  options: { maxPixels: number; maxFrames: number },
): Promise<FramePlan> {
  let metadata: Metadata;
  try {
    // Reading the header is cheap and safe whatever it declares; the limit applies to decoding.
    metadata = await sharp(source, { limitInputPixels: false, pages: 1 }).metadata();
  } catch (error) {
    throw new UndecodableImageError(`not a decodable image: ${describe(error)}`);
  }
  const width = metadata.width ?? 0;
  const height = metadata.pageHeight ?? metadata.height ?? 0;
  const total = Math.max(1, metadata.pages ?? 1);
  const indices = selectFrames(total, options.maxFrames);
  if (indices.length * width * height > options.maxPixels) {
    throw new ImageTooLargeError(width, height, options.maxPixels, indices.length);
  }
  return {
    total,
    indices,
    width,
    height,
    format: metadata.format ?? 'unknown',
    orientation: metadata.orientation ?? 1,
  };
}

/** Formats libvips can decode straight to a smaller size. */
const shrinkableFormats = new Set(['jpeg', 'webp']);

/**
 * The size a fast decode asks for: the frame as it stands upright, scaled down to the smallest size
 * whose sides are both at least twice the model's input, keeping its aspect; undefined when that is
 * more than half the frame. Twice the input keeps every pixel the align-corners resize samples
 * close to an average of the source around it, as a full decode's would be.
 */
export function fastDecodeSize(
  frame: { width: number; height: number; orientation: number },
  input: { width: number; height: number },
): { width: number; height: number } | undefined {
  // Orientations 5 to 8 turn the stored image a quarter: its sides swap once upright.
  const sideways = frame.orientation >= 5 && frame.orientation <= 8;
  const width = sideways ? frame.height : frame.width;
  const height = sideways ? frame.width : frame.height;
  const scale = Math.max((2 * input.width) / width, (2 * input.height) / height);
  // Less than halving saves little decoding (a JPEG cannot shrink on load at all then) and only
  // moves the answer: such photos decode at full size.
  if (scale > 0.5) return undefined;
  return {
    width: Math.max(2 * input.width, Math.round(width * scale)),
    height: Math.max(2 * input.height, Math.round(height * scale)),
  };
}

/**
 * Decodes uploaded bytes to what every model starts from: one frame (the first unless `page`
 * says otherwise, for animated GIF/WebP and multi-page TIFF), turned upright per EXIF,
 * transparency flattened onto white, converted to 8-bit sRGB RGB whatever the source (16-bit,
 * grey, CMYK, palette).
 */
export async function decodeImage(
  source: ImageSource,
  options: DecodeOptions,
): Promise<DecodedImage> {
  const page = options.page ?? 0;
  const image = sharp(source, {
    limitInputPixels: options.maxPixels,
    // Photos from phones are often slightly truncated; decode what is there.
    failOn: 'error',
    page,
    pages: 1,
  });
  const plan =
    options.plan ?? (await planFrames(source, { maxPixels: options.maxPixels, maxFrames: 1 }));
  if (page >= plan.total) {
    throw new UndecodableImageError(`no frame ${page} in an image of ${plan.total}`);
  }

  let pipeline = image.rotate().flatten({ background: '#ffffff' }).toColourspace('srgb');
  const resize = options.resize;
  const fast =
    options.fastFor && shrinkableFormats.has(plan.format)
      ? fastDecodeSize(plan, options.fastFor)
      : undefined;
  if (fast && resize?.spec.method !== 'sharp') {
    // sharp decodes a JPEG at 1/2, 1/4 or 1/8 of its size (a WebP at any scale) when a resize
    // allows it, then resizes what is left with a small kernel; the model's own resize follows.
    pipeline = pipeline.resize(fast.width, fast.height, {
      fit: 'fill',
      kernel: 'linear',
      fastShrinkOnLoad: true,
    });
  } else if (resize && resize.spec.method === 'sharp') {
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
