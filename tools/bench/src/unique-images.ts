import { randomBytes } from 'node:crypto';
import { crc32, jpegWithComment, pngWithText } from '@moderation/image-bytes';

/**
 * Room for a marker in an image's EXIF description, for formats where one cannot be added after
 * encoding here (WebP): the photo is encoded once with this text, and each copy overwrites it.
 */
export const markerSlot = `bench-marker-${'.'.repeat(48)}`;

/** The keyword of the PNG text chunk that carries the marker. */
const pngKeyword = 'bench';
/** What precedes the marker in a PNG: the text chunk's type and keyword, which its CRC covers too. */
const pngTextStart = `tEXt${pngKeyword}\0`;

let markersMade = 0;

/** A marker no request of this benchmark carried before, and no earlier run's either. */
export function nextMarker(): string {
  return `${process.pid}-${markersMade++}-${randomBytes(4).toString('hex')}`;
}

/**
 * The same image with a unique, pixel-neutral marker (a JPEG comment, a PNG text chunk, or the
 * {@link markerSlot} text rewritten), so every request of a load test carries bytes never seen
 * before: otherwise the service would answer repeats from its reuse path and the benchmark would
 * measure the cache, not the model.
 */
export function uniqueVariant(image: Buffer, marker: string): Buffer {
  if (image[0] === 0xff && image[1] === 0xd8) return jpegWithComment(image, marker);
  if (image.subarray(1, 4).toString('latin1') === 'PNG') {
    return pngWithText(image, pngKeyword, marker);
  }
  const copy = Buffer.from(image);
  markerRewriter(copy)(marker);
  return copy;
}

/**
 * Rewrites the marker of `bytes` in place: `bytes` holds the {@link markerSlot} text (an image made
 * by {@link uniqueVariant} with it as the marker, or encoded with it), alone or inside a request body. A load generator writes a
 * new marker into the same buffer before each request instead of copying the photo: copies of
 * megabytes per request cost the load generator, which shares the cores with the service, more
 * CPU than the gateway spends on the upload.
 */
export function markerRewriter(bytes: Buffer): (marker: string) => void {
  const slot = bytes.indexOf(markerSlot, 0, 'latin1');
  if (slot < 0) {
    throw new Error('no room for a marker in this image: encode it with markerSlot');
  }
  const end = slot + markerSlot.length;
  // A PNG text chunk is followed by the CRC of its type and data, which must match again.
  const chunkType = slot - pngTextStart.length;
  const inPngText = chunkType >= 0 && bytes.toString('latin1', chunkType, slot) === pngTextStart;
  return (marker) => {
    if (marker.length > markerSlot.length) throw new Error('marker longer than its slot');
    bytes.write(marker.padEnd(markerSlot.length, '.'), slot, 'latin1');
    if (inPngText) bytes.writeUInt32BE(crc32(bytes.subarray(chunkType, end)), end);
  };
}
