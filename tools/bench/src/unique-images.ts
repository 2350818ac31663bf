import { jpegWithComment, pngWithText } from '@moderation/image-bytes';

/**
 * Room for a marker in an image's EXIF description, for formats where one cannot be added after
 * encoding here (WebP): the photo is encoded once with this text, and each copy overwrites it.
 */
export const markerSlot = `bench-marker-${'.'.repeat(48)}`;

/**
 * The same image with a unique, pixel-neutral marker (a JPEG comment, a PNG text chunk, or the
 * {@link markerSlot} text rewritten), so every request of a load test carries bytes never seen
 * before: otherwise the service would answer repeats from its reuse path and the benchmark would
 * measure the cache, not the model.
 */
export function uniqueVariant(image: Buffer, marker: string): Buffer {
  if (image[0] === 0xff && image[1] === 0xd8) return jpegWithComment(image, marker);
  if (image.subarray(1, 4).toString('latin1') === 'PNG') return pngWithText(image, 'bench', marker);
  const slot = image.indexOf(markerSlot, 0, 'latin1');
  if (slot < 0 || marker.length > markerSlot.length) {
    throw new Error('no room for a marker in this image: encode it with markerSlot');
  }
  const copy = Buffer.from(image);
  copy.write(marker.padEnd(markerSlot.length, '.'), slot, 'latin1');
  return copy;
}
