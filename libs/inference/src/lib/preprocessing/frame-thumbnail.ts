import sharp from 'sharp';
import { UndecodableImageError } from '../inference-errors';

export interface FrameThumbnailOptions {
  /** Longest side of the thumbnail, in pixels; smaller frames keep their size. */
  maxSide: number;
  /** The same decoding limit the classification used: the frame was already accepted under it. */
  maxPixels: number;
}

/**
 * One frame of an animation (or page of a document) as a small JPEG a moderator's page shows:
 * upright, transparency on white, sRGB, like the frame the model saw, but keeping its aspect.
 */
export async function frameThumbnail(
  bytes: Buffer,
  page: number,
  options: FrameThumbnailOptions,
): Promise<Buffer> {
  try {
    return await sharp(bytes, {
      limitInputPixels: options.maxPixels,
      failOn: 'error',
      page,
      pages: 1,
    })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .resize(options.maxSide, options.maxSide, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer();
  } catch (error) {
    throw new UndecodableImageError(
      `frame ${page} could not be made a thumbnail: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
