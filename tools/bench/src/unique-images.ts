import { jpegWithComment, pngWithText } from '@moderation/image-bytes';

/**
 * The same image with a unique, pixel-neutral marker (a JPEG comment or a PNG text chunk), so
 * every request of a load test carries bytes never seen before: otherwise the service would
 * answer repeats from its reuse path and the benchmark would measure the cache, not the model.
 * Undefined for formats without such a marker here.
 */
export function uniqueVariant(image: Buffer, marker: string): Buffer | undefined {
  if (image[0] === 0xff && image[1] === 0xd8) return jpegWithComment(image, marker);
  if (image.subarray(1, 4).toString('latin1') === 'PNG') return pngWithText(image, 'bench', marker);
  return undefined;
}
