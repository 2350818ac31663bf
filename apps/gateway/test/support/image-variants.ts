import sharp from 'sharp';

/** How close a variant's probabilities must stay to the upright RGB original's. */
export enum Fidelity {
  /** Same pixels after decoding: the probabilities barely move. */
  Lossless = 0.01,
  /** Re-encoded with loss (JPEG, GIF's palette, PNG quantisation): same class, close scores. */
  Lossy = 0.05,
  /** Different pixels on purpose (grey, transparent band): the class must survive. */
  ClassOnly = 1,
}

export interface ImageVariant {
  name: string;
  bytes: Buffer;
  fidelity: Fidelity;
  /** Frames (pages) the image holds, every one classified; 1 unless given. */
  frames?: number;
}

/**
 * The same photo in the encodings shops receive from phones and editors: each must be accepted
 * and classified like the plain RGB original (every frame or page of animations and documents,
 * each nearly the original, so whichever decides answers like it; EXIF orientation applied;
 * transparency flattened onto white).
 */
export async function imageVariants(original: Buffer): Promise<ImageVariant[]> {
  const rgb = sharp(original).removeAlpha();
  const { width = 0, height = 0 } = await rgb.metadata();
  // Nearly the original: encoders merge identical consecutive frames, so the second frame differs
  // by a 2×2 white corner, which moves no probability that matters.
  const corner = await sharp({
    create: { width: 2, height: 2, channels: 3, background: '#ffffff' },
  })
    .png()
    .toBuffer();
  const otherFrame = await rgb
    .clone()
    .composite([{ input: corner, left: 0, top: 0 }])
    .png()
    .toBuffer();
  const pngOriginal = await rgb.clone().png().toBuffer();
  const framesOf = () => sharp([pngOriginal, otherFrame], { join: { animated: true } });
  return [
    {
      name: '16-bit PNG',
      bytes: await rgb.clone().toColourspace('rgb16').png().toBuffer(),
      fidelity: Fidelity.Lossless,
    },
    {
      name: 'CMYK JPEG',
      bytes: await rgb.clone().toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer(),
      fidelity: Fidelity.Lossy,
    },
    {
      name: 'palette PNG',
      bytes: await rgb.clone().png({ palette: true }).toBuffer(),
      fidelity: Fidelity.Lossy,
    },
    {
      name: 'JPEG stored sideways with EXIF orientation 6',
      bytes: await rgb
        .clone()
        .rotate(270)
        .withMetadata({ orientation: 6 })
        .jpeg({ quality: 95 })
        .toBuffer(),
      fidelity: Fidelity.Lossy,
    },
    {
      name: 'animated GIF (every frame counts)',
      bytes: await framesOf().gif().toBuffer(),
      fidelity: Fidelity.Lossy,
      frames: 2,
    },
    {
      name: 'animated WebP (every frame counts)',
      bytes: await framesOf().webp({ lossless: true }).toBuffer(),
      fidelity: Fidelity.Lossless,
      frames: 2,
    },
    {
      name: 'multi-page TIFF (every page counts)',
      bytes: await framesOf().tiff().toBuffer(),
      fidelity: Fidelity.Lossless,
      frames: 2,
    },
    {
      name: 'greyscale PNG',
      bytes: await rgb.clone().greyscale().png().toBuffer(),
      fidelity: Fidelity.ClassOnly,
    },
    {
      name: 'PNG with a transparent band',
      bytes: await rgb
        .clone()
        .joinChannel(await transparentTopBand(width, height))
        .png()
        .toBuffer(),
      fidelity: Fidelity.ClassOnly,
    },
  ];
}

/** An alpha channel: the top tenth fully transparent, the rest opaque. */
function transparentTopBand(width: number, height: number): Promise<Buffer> {
  const alpha = Buffer.alloc(width * height, 255);
  alpha.fill(0, 0, width * Math.floor(height / 10));
  return sharp(alpha, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}
