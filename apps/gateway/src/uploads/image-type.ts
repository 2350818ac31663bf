/** Image formats the service accepts, decided by the bytes, never by the file name. */
export type ImageType = 'jpg' | 'png' | 'gif' | 'webp' | 'tiff';

/** What the upload page and the errors tell users they may send. */
export const acceptedImageTypes = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'tiff'] as const;

/** Bytes needed to recognise every accepted format. */
export const signatureLength = 12;

const ascii = (head: Buffer, offset: number, text: string) =>
  head.length >= offset + text.length &&
  head.subarray(offset, offset + text.length).toString('latin1') === text;

/**
 * The image type announced by a file's first bytes (its signature), or undefined when the bytes
 * are not one of the accepted formats: a PDF named `.jpg` is not an image, and a WebP named
 * `.png` is a WebP.
 */
export function detectImageType(head: Buffer): ImageType | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpg';
  if (ascii(head, 0, '\x89PNG\r\n\x1a\n')) return 'png';
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return 'gif';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'webp';
  if (ascii(head, 0, 'II*\x00') || ascii(head, 0, 'MM\x00*')) return 'tiff';
  return undefined;
}
