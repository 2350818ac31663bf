import { quantile, ratio, wilsonInterval } from './statistics';

describe('quantile', () => {
  it('interpolates between the nearest ranks', () => {
    // Ranks 0..3; the median is at rank 1.5, between 2 and 3; p90 at 2.7: 3 + 0.7·(10 − 3).
    expect(quantile([10, 2, 3, 1], 0.5)).toBe(2.5);
    expect(quantile([10, 2, 3, 1], 0.9)).toBeCloseTo(7.9, 10);
    expect(quantile([4], 0.9)).toBe(4);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('wilsonInterval', () => {
  it('stays inside 0–1 and above 0 width for no unsafe photo in ten', () => {
    // k = 0, n = 10: centre = half = (z²/20)/(1 + z²/10) = 0.19207/1.38415 = 0.13877.
    expect(wilsonInterval(0, 10)).toEqual({
      n: 10,
      k: 0,
      share: 0,
      low: 0,
      high: expect.closeTo(0.27753, 5),
    });
  });

  it('is symmetric around a half', () => {
    const { low, high } = wilsonInterval(50, 100);
    expect((low ?? 0) + (high ?? 0)).toBeCloseTo(1, 12);
    // The textbook 50/100 interval: 0.4038–0.5962.
    expect(low).toBeCloseTo(0.4038, 4);
  });

  it('knows nothing without samples', () => {
    expect(wilsonInterval(0, 0)).toEqual({ n: 0, k: 0, share: null, low: null, high: null });
  });
});

describe('ratio', () => {
  it('is null for a ratio of nothing', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(0, 0)).toBeNull();
  });
});
