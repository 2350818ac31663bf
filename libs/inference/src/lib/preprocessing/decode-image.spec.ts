import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { ImageTooLargeError, UndecodableImageError } from '../inference-errors';
import { decodeImage, fastDecodeSize, planFrames } from './decode-image';

const limits = { maxPixels: 50_000_000 };
const red = { r: 200, g: 30, b: 40 };

function solid(width: number, height: number, colour: object = red, channels: 3 | 4 = 3) {
  return sharp({ create: { width, height, channels, background: colour } });
}

/** The RGB value of the pixel at (x, y). */
function pixel(image: { pixels: Uint8Array; width: number }, x: number, y: number): number[] {
  const i = (y * image.width + x) * 3;
  return Array.from(image.pixels.subarray(i, i + 3));
}

/** A valid PNG header declaring an enormous image, with almost no data: a decompression bomb. */
function pngBomb(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('decodeImage', () => {
  it('decodes a JPEG to 8-bit RGB at its full size', async () => {
    const image = await decodeImage(await solid(64, 48).jpeg({ quality: 100 }).toBuffer(), limits);
    expect([image.width, image.height, image.pixels.length]).toEqual([64, 48, 64 * 48 * 3]);
    pixel(image, 10, 10).forEach((v, c) => expect(Math.abs(v - [200, 30, 40][c])).toBeLessThan(4));
  });

  it('turns a 16-bit PNG into 8-bit values', async () => {
    const bytes = await solid(8, 8).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(bytes).metadata()).depth).toBe('ushort');
    expect(pixel(await decodeImage(bytes, limits), 0, 0)).toEqual([200, 30, 40]);
  });

  it('expands a grey image to three equal channels', async () => {
    const bytes = await solid(8, 8, { r: 90, g: 90, b: 90 }).toColourspace('b-w').png().toBuffer();
    expect((await sharp(bytes).metadata()).channels).toBe(1);
    expect(pixel(await decodeImage(bytes, limits), 3, 3)).toEqual([90, 90, 90]);
  });

  it('converts a CMYK JPEG to sRGB', async () => {
    const bytes = await solid(16, 16).toColourspace('cmyk').jpeg({ quality: 100 }).toBuffer();
    expect((await sharp(bytes).metadata()).space).toBe('cmyk');
    const [r, g, b] = pixel(await decodeImage(bytes, limits), 8, 8);
    expect(r).toBeGreaterThan(150);
    expect(g).toBeLessThan(90);
    expect(b).toBeLessThan(90);
  });

  it('reads a palette PNG', async () => {
    const bytes = await solid(8, 8).png({ palette: true }).toBuffer();
    expect((await sharp(bytes).metadata()).isPalette).toBe(true);
    expect(pixel(await decodeImage(bytes, limits), 1, 1)).toEqual([200, 30, 40]);
  });

  it('flattens transparency onto white', async () => {
    const bytes = await solid(8, 8, { r: 0, g: 0, b: 0, alpha: 0 }, 4).png().toBuffer();
    expect(pixel(await decodeImage(bytes, limits), 4, 4)).toEqual([255, 255, 255]);
  });

  it('turns a photo upright as its EXIF orientation says', async () => {
    const bytes = await solid(40, 20).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const image = await decodeImage(bytes, limits);
    expect([image.width, image.height]).toEqual([20, 40]);
  });

  it('takes the first frame of an animated GIF', async () => {
    const frames = [
      await solid(10, 10, { r: 255, g: 0, b: 0 }).png().toBuffer(),
      await solid(10, 10, { r: 0, g: 0, b: 255 }).png().toBuffer(),
    ];
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const image = await decodeImage(gif, limits);
    expect([image.width, image.height]).toEqual([10, 10]);
    const [r, , b] = pixel(image, 5, 5);
    expect(r).toBeGreaterThan(200);
    expect(b).toBeLessThan(50);
  });

  it('takes the first page of a multi-page TIFF', async () => {
    const pages = [
      await solid(12, 6, { r: 0, g: 255, b: 0 }).png().toBuffer(),
      await solid(12, 6, { r: 255, g: 0, b: 255 }).png().toBuffer(),
    ];
    const tiff = await sharp(pages, { join: { animated: true } })
      .tiff()
      .toBuffer();
    expect((await sharp(tiff).metadata()).pages).toBe(2);
    const image = await decodeImage(tiff, limits);
    expect([image.width, image.height]).toEqual([12, 6]);
    // Green (page one), not magenta (page two), give or take colour-space rounding.
    const [r, g, b] = pixel(image, 3, 3);
    expect([r < 5, g > 250, b < 5]).toEqual([true, true, true]);
  });

  it('decodes the page it is asked for', async () => {
    const pages = [
      await solid(12, 6, { r: 0, g: 255, b: 0 }).png().toBuffer(),
      await solid(12, 6, { r: 255, g: 0, b: 255 }).png().toBuffer(),
    ];
    const tiff = await sharp(pages, { join: { animated: true } })
      .tiff()
      .toBuffer();
    const [r, g, b] = pixel(await decodeImage(tiff, { ...limits, page: 1 }), 3, 3);
    expect([r > 250, g < 5, b > 250]).toEqual([true, true, true]);
    await expect(decodeImage(tiff, { ...limits, page: 2 })).rejects.toBeInstanceOf(
      UndecodableImageError,
    );
  });

  it('plans every frame of a short animation and one frame of a still image', async () => {
    const frames = [
      await solid(10, 8, { r: 255, g: 0, b: 0 }).png().toBuffer(),
      await solid(10, 8, { r: 0, g: 0, b: 255 }).png().toBuffer(),
      await solid(10, 8, { r: 0, g: 255, b: 0 }).png().toBuffer(),
    ];
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    expect(await planFrames(gif, { maxPixels: 1000, maxFrames: 16 })).toEqual({
      total: 3,
      indices: [0, 1, 2],
      width: 10,
      height: 8,
      format: 'gif',
      orientation: 1,
    });
    expect(await planFrames(frames[0], { maxPixels: 1000, maxFrames: 16 })).toEqual({
      total: 1,
      indices: [0],
      width: 10,
      height: 8,
      format: 'png',
      orientation: 1,
    });
  });

  it('counts every frame to decode against the pixel limit', async () => {
    const frames = [
      await solid(10, 10, { r: 255, g: 0, b: 0 }).png().toBuffer(),
      await solid(10, 10, { r: 0, g: 0, b: 255 }).png().toBuffer(),
      await solid(10, 10, { r: 0, g: 255, b: 0 }).png().toBuffer(),
    ];
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    // 3 frames of 100 pixels: too many for 299, enough when only 2 frames are classified.
    await expect(planFrames(gif, { maxPixels: 299, maxFrames: 16 })).rejects.toBeInstanceOf(
      ImageTooLargeError,
    );
    expect((await planFrames(gif, { maxPixels: 299, maxFrames: 2 })).indices).toEqual([0, 2]);
  });

  it('refuses a decompression bomb before decoding it', async () => {
    const bomb = pngBomb(30_000, 30_000);
    expect(bomb.length).toBeLessThan(5_000);
    const started = Date.now();
    await expect(decodeImage(bomb, limits)).rejects.toBeInstanceOf(ImageTooLargeError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses bytes that are not an image', async () => {
    await expect(decodeImage(Buffer.from('%PDF-1.7\n'), limits)).rejects.toBeInstanceOf(
      UndecodableImageError,
    );
  });

  it('refuses a truncated image with a typed error', async () => {
    const png = await solid(64, 64).png().toBuffer();
    await expect(decodeImage(png.subarray(0, 60), limits)).rejects.toBeInstanceOf(
      UndecodableImageError,
    );
  });

  it('resizes with sharp when the model asks for one of its kernels', async () => {
    const image = await decodeImage(await solid(300, 200).png().toBuffer(), {
      ...limits,
      resize: { width: 32, height: 32, spec: { method: 'sharp', kernel: 'lanczos3', fit: 'fill' } },
    });
    expect([image.width, image.height]).toEqual([32, 32]);
  });

  describe('fast decoding', () => {
    const input = { width: 224, height: 224 };
    /** Left half red, right half blue, top to bottom: where the halves meet must survive. */
    const halves = (width: number, height: number) =>
      solid(width, height, { r: 0, g: 0, b: 255 }).composite([
        {
          input: { create: { width: width / 2, height, channels: 3, background: red } },
          left: 0,
          top: 0,
        },
      ]);

    it('asks for the smallest size at least twice the input, keeping the aspect', () => {
      const phone = { width: 4032, height: 3024 };
      expect(fastDecodeSize({ ...phone, orientation: 1 }, input)).toEqual({
        width: 597,
        height: 448,
      });
      // Stored sideways (EXIF 6): the size asked for is the upright one.
      expect(fastDecodeSize({ width: 3024, height: 4032, orientation: 6 }, input)).toEqual({
        width: 597,
        height: 448,
      });
      expect(fastDecodeSize({ width: 448, height: 900, orientation: 1 }, input)).toBeUndefined();
      // Not even halved: decoded at full size.
      expect(fastDecodeSize({ width: 860, height: 600, orientation: 1 }, input)).toBeUndefined();
      expect(fastDecodeSize({ width: 896, height: 896, orientation: 1 }, input)).toEqual({
        width: 448,
        height: 448,
      });
    });

    it('decodes a large JPEG or WebP straight to that size, with the same picture', async () => {
      for (const encoded of [
        await halves(2400, 1600).jpeg({ quality: 95 }).toBuffer(),
        await halves(2400, 1600).webp({ quality: 95 }).toBuffer(),
      ]) {
        const exact = await decodeImage(encoded, limits);
        const fast = await decodeImage(encoded, { ...limits, fastFor: input });
        expect([exact.width, exact.height]).toEqual([2400, 1600]);
        expect([fast.width, fast.height]).toEqual([672, 448]);
        // The same colours at the same places: a quarter in and three quarters in.
        for (const [x, y, colour] of [
          [0.25, 0.5, [200, 30, 40]],
          [0.75, 0.5, [0, 0, 255]],
        ] as const) {
          const got = pixel(fast, Math.round(x * fast.width), Math.round(y * fast.height));
          got.forEach((value, c) => expect(Math.abs(value - colour[c])).toBeLessThanOrEqual(6));
        }
      }
    });

    it('turns a sideways phone JPEG upright before shrinking it', async () => {
      // Composited first: sharp rotates before it composites within one pipeline.
      const sideways = await sharp(await halves(2400, 1600).png().toBuffer())
        .rotate(270)
        .jpeg({ quality: 95 })
        .withMetadata({ orientation: 6 })
        .toBuffer();
      const fast = await decodeImage(sideways, { ...limits, fastFor: input });
      expect([fast.width, fast.height]).toEqual([672, 448]);
      expect(pixel(fast, 100, 224)[0]).toBeGreaterThan(150);
      expect(pixel(fast, 570, 224)[2]).toBeGreaterThan(150);
    });

    it('decodes formats without shrink-on-load, and photos under twice that size, at full size', async () => {
      const png = await decodeImage(await halves(1200, 800).png().toBuffer(), {
        ...limits,
        fastFor: input,
      });
      expect([png.width, png.height]).toEqual([1200, 800]);
      const small = await decodeImage(await halves(860, 600).jpeg().toBuffer(), {
        ...limits,
        fastFor: input,
      });
      expect([small.width, small.height]).toEqual([860, 600]);
    });
  });
});
