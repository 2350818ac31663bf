import sharp from 'sharp';
import { UndecodableImageError } from '../inference-errors';
import { frameThumbnail } from './frame-thumbnail';

/** A 3-frame animation, 300×200, whose frames are red, green and blue. */
async function threeColours(format: 'gif' | 'webp'): Promise<Buffer> {
  const frames = await Promise.all(
    ['#ff0000', '#00ff00', '#0000ff'].map((background) =>
      sharp({ create: { width: 300, height: 200, channels: 3, background } })
        .png()
        .toBuffer(),
    ),
  );
  const joined = sharp(frames, { join: { animated: true } });
  return format === 'gif' ? joined.gif().toBuffer() : joined.webp({ lossless: true }).toBuffer();
}

const options = { maxSide: 120, maxPixels: 1e7 };

describe('frameThumbnail', () => {
  it.each(['gif', 'webp'] as const)(
    'makes a small JPEG of the frame asked for in a %s, keeping its aspect',
    async (format) => {
      const animation = await threeColours(format);
      const thumbnails = await Promise.all(
        [0, 1, 2].map((page) => frameThumbnail(animation, page, options)),
      );
      for (const [page, thumbnail] of thumbnails.entries()) {
        const { data, info } = await sharp(thumbnail).raw().toBuffer({ resolveWithObject: true });
        expect(info).toMatchObject({ format: 'raw', width: 120, height: 80 });
        expect((await sharp(thumbnail).metadata()).format).toBe('jpeg');
        // The middle pixel is the frame's own colour: red, green, blue in turn.
        const middle = (40 * 120 + 60) * info.channels;
        const rgb = [...data.subarray(middle, middle + 3)];
        expect(rgb.indexOf(Math.max(...rgb))).toBe(page);
        expect(Math.max(...rgb)).toBeGreaterThan(200);
      }
    },
  );

  it('never enlarges a frame smaller than the thumbnail size', async () => {
    const small = await sharp({
      create: { width: 40, height: 30, channels: 3, background: '#888' },
    })
      .png()
      .toBuffer();
    const { width, height } = await sharp(await frameThumbnail(small, 0, options)).metadata();
    expect([width, height]).toEqual([40, 30]);
  });

  it('says which frame it could not read', async () => {
    await expect(frameThumbnail(Buffer.from('not an image'), 3, options)).rejects.toThrow(
      UndecodableImageError,
    );
  });
});
