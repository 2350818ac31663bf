import { frameThumbnailName, isFrameThumbnailName, isStoredName } from './stored-name';

const sha = 'ab'.repeat(32);

describe('stored names', () => {
  it('accepts only a content hash with the extension of an image type', () => {
    expect(isStoredName(`${sha}.gif`)).toBe(true);
    expect(isStoredName(`${sha}.exe`)).toBe(false);
    expect(isStoredName(`../${sha}.gif`)).toBe(false);
    expect(isStoredName(`${sha.toUpperCase()}.gif`)).toBe(false);
  });

  it('names the thumbnail of each frame after the upload, and nothing else passes as one', () => {
    const name = frameThumbnailName(`${sha}.gif`, 12);
    expect(name).toBe(`${sha}.frame-12.jpg`);
    expect(isFrameThumbnailName(name)).toBe(true);
    expect(isStoredName(name)).toBe(false);
    for (const other of [`${sha}.frame-01.jpg`, `${sha}.frame-.jpg`, `${sha}.frame-1.png`]) {
      expect(isFrameThumbnailName(other)).toBe(false);
    }
    expect(() => frameThumbnailName('../../etc/passwd', 0)).toThrow('not a stored upload name');
  });
});
