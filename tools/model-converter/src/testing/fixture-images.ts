import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { workspaceRoot } from '@moderation/testing';
import { resizeBilinearAlignCorners } from './bilinear-align-corners';

export const fixtureImagesDir = join(workspaceRoot, 'fixtures/images');

export interface DecodedImage {
  name: string;
  height: number;
  width: number;
  /** HWC RGB, 8-bit values divided by 255 as nsfwjs does. */
  pixels: Float32Array;
}

/** Every photo of fixtures/images decoded to RGB (alpha flattened onto white) and scaled to 0…1. */
export async function loadFixtureImages(): Promise<DecodedImage[]> {
  const names = readdirSync(fixtureImagesDir)
    .filter((name) => /\.(png|jpe?g|webp)$/i.test(name))
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const { data, info } = await sharp(readFileSync(join(fixtureImagesDir, name)))
        .rotate()
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 3) throw new Error(`${name}: decoded to ${info.channels} channels`);
      const pixels = new Float32Array(data.length);
      for (let i = 0; i < data.length; i++) pixels[i] = data[i] / 255;
      return { name, height: info.height, width: info.width, pixels };
    }),
  );
}

/** The images resized to size × size and stacked into one NHWC batch. */
export function toBatch(images: readonly DecodedImage[], size: number): Float32Array {
  const batch = new Float32Array(images.length * size * size * 3);
  images.forEach((image, i) => {
    const resized = resizeBilinearAlignCorners(image.pixels, { ...image, channels: 3 }, size, size);
    batch.set(resized, i * size * size * 3);
  });
  return batch;
}
