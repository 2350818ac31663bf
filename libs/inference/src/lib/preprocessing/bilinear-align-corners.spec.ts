import { resizeBilinearAlignCorners } from './bilinear-align-corners';

describe('resizeBilinearAlignCorners', () => {
  it('keeps the corner pixels of the input at the corners of the output', () => {
    // 2×2 grey image upscaled to 3×3: corners stay, the centre is the mean of all four.
    const out = resizeBilinearAlignCorners(Uint8Array.from([0, 100, 200, 40]), 2, 2, 1, 3, 3);
    expect(Array.from(out)).toEqual([0, 50, 100, 100, 85, 70, 200, 120, 40]);
  });

  it('is the identity when the size does not change', () => {
    const pixels = Uint8Array.from({ length: 4 * 3 * 3 }, (_, i) => (i * 37) % 256);
    expect(Array.from(resizeBilinearAlignCorners(pixels, 4, 3, 3, 4, 3))).toEqual(
      Array.from(pixels),
    );
  });

  it('samples every (W_in − 1)/(W_out − 1)-th column when shrinking', () => {
    // 5 columns to 3: columns 0, 2 and 4 exactly, no averaging of neighbours (unlike an area filter).
    const row = Uint8Array.from([10, 20, 30, 40, 50]);
    expect(Array.from(resizeBilinearAlignCorners(row, 5, 1, 1, 3, 1))).toEqual([10, 30, 50]);
  });

  it('interpolates each channel separately', () => {
    const rgb = Uint8Array.from([0, 255, 10, 100, 55, 30]);
    const out = resizeBilinearAlignCorners(rgb, 2, 1, 3, 3, 1);
    expect(Array.from(out)).toEqual([0, 255, 10, 50, 155, 20, 100, 55, 30]);
  });
});
