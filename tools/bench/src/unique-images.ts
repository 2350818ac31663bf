/**
 * Makes every request of a load test carry bytes never seen before, without changing a pixel:
 * otherwise the service would answer repeats from its reuse path and the benchmark would measure
 * the cache, not the model.
 */

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A JPEG with a comment segment (COM) right after its start marker. */
function jpegWithComment(jpeg: Buffer, text: string): Buffer {
  const payload = Buffer.from(text, 'latin1');
  const header = Buffer.from([0xff, 0xfe, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

/** A PNG with a tEXt chunk right after its IHDR chunk. */
function pngWithText(png: Buffer, text: string): Buffer {
  const ihdrEnd = 8 + 4 + 4 + 13 + 4;
  const data = Buffer.from(`bench\0${text}`, 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from('tEXt', 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([png.subarray(0, ihdrEnd), length, body, crc, png.subarray(ihdrEnd)]);
}

/** The same image with a unique, pixel-neutral marker; undefined for formats without one. */
export function uniqueVariant(image: Buffer, marker: string): Buffer | undefined {
  if (image[0] === 0xff && image[1] === 0xd8) return jpegWithComment(image, marker);
  if (image.subarray(1, 4).toString('latin1') === 'PNG') return pngWithText(image, marker);
  return undefined;
}
