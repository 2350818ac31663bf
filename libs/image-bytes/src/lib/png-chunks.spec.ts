import { deflateSync } from 'node:zlib';
import { crc32, pngChunk, pngSignature, pngWithText } from './png-chunks';
import { jpegWithComment } from './jpeg-comment';

describe('image bytes', () => {
  it("computes PNG's CRC-32 (the check value of the standard)", () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('writes a chunk a PNG reader accepts: IEND has its well-known CRC', () => {
    expect(pngChunk('IEND', Buffer.alloc(0)).toString('hex')).toBe('0000000049454e44ae426082');
  });

  it('adds a text chunk after the header, keeping the rest of the file', () => {
    const header = Buffer.alloc(13);
    const png = Buffer.concat([
      pngSignature,
      pngChunk('IHDR', header),
      pngChunk('IDAT', deflateSync(Buffer.alloc(2))),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
    const marked = pngWithText(png, 'k', 'v');
    expect(marked.subarray(33, 41).toString('latin1')).toBe('\0\0\0\x03tEXt');
    expect(marked.subarray(33 + 15)).toEqual(png.subarray(33));
  });

  it('adds a comment segment after the JPEG start marker', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]);
    expect(jpegWithComment(jpeg, 'hi')).toEqual(
      Buffer.from([0xff, 0xd8, 0xff, 0xfe, 0, 4, 0x68, 0x69, 0xff, 0xe0, 1, 2]),
    );
  });
});
