import { selectFrames } from './frame-selection';

describe('selectFrames', () => {
  it('takes every frame when there are no more than the limit', () => {
    expect(selectFrames(1, 16)).toEqual([0]);
    expect(selectFrames(5, 16)).toEqual([0, 1, 2, 3, 4]);
    expect(selectFrames(16, 16)).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  it('spreads the limit evenly over a longer animation, first and last included', () => {
    const chosen = selectFrames(40, 16);
    expect(chosen).toHaveLength(16);
    expect(new Set(chosen).size).toBe(16);
    expect(chosen[0]).toBe(0);
    expect(chosen[15]).toBe(39);
    expect([...chosen].sort((a, b) => a - b)).toEqual(chosen);
    // Evenly: no gap differs from another by more than one frame.
    const gaps = chosen.slice(1).map((index, i) => index - chosen[i]);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
  });

  it('stays distinct, sorted and bounded whatever the sizes', () => {
    for (let total = 1; total <= 120; total++) {
      for (const max of [1, 2, 3, 7, 16, 64]) {
        const chosen = selectFrames(total, max);
        expect(chosen).toHaveLength(Math.min(total, max));
        expect(new Set(chosen).size).toBe(chosen.length);
        chosen.forEach((index, i) => {
          expect(index).toBeGreaterThanOrEqual(0);
          expect(index).toBeLessThan(total);
          if (i > 0) expect(index).toBeGreaterThan(chosen[i - 1]);
        });
        expect(chosen[0]).toBe(0);
        if (max > 1) expect(chosen[chosen.length - 1]).toBe(total - 1);
      }
    }
  });

  it('takes the first frame alone when only one may be classified', () => {
    expect(selectFrames(500, 1)).toEqual([0]);
  });

  it('refuses impossible counts', () => {
    expect(() => selectFrames(0, 16)).toThrow(RangeError);
    expect(() => selectFrames(10, 0)).toThrow(RangeError);
  });
});
