import { detectImageType } from './image-type';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

describe('detectImageType', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'jpg'],
    ['PNG', bytes('\x89PNG\r\n\x1a\n', [0, 0, 0, 13]), 'png'],
    ['GIF 89a', bytes('GIF89a', [1, 0, 1, 0]), 'gif'],
    ['GIF 87a', bytes('GIF87a', [1, 0, 1, 0]), 'gif'],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'webp'],
    ['little-endian TIFF', bytes('II*\x00', [8, 0, 0, 0]), 'tiff'],
    ['big-endian TIFF', bytes('MM\x00*', [0, 0, 0, 8]), 'tiff'],
  ])('recognises %s by its signature', (_name, head, type) => {
    expect(detectImageType(head)).toBe(type);
  });

  it.each([
    ['a PDF', bytes('%PDF-1.7\n%')],
    ['plain text', bytes('hello, this is not an image')],
    ['a RIFF that is not WebP (WAV)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['nothing', Buffer.alloc(0)],
    ['a cut-off PNG signature', bytes('\x89PN')],
  ])('refuses %s', (_name, head) => {
    expect(detectImageType(head)).toBeUndefined();
  });
});
