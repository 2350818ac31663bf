import { deflateSync } from 'node:zlib';
import { pngChunk, pngSignature } from '@moderation/image-bytes';

/**
 * A PNG a few hundred bytes long whose header claims `width × height` grey pixels: a
 * decompression bomb. Only the first rows are present; a decoder that trusts the header would
 * try to allocate the whole image.
 */
export function pngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = deflateSync(Buffer.alloc((width + 1) * 4));
  return Buffer.concat([
    pngSignature,
    pngChunk('IHDR', header),
    pngChunk('IDAT', rows),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
