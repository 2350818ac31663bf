import { formatDuration, formatPercent, formatScore } from './format';

describe('formatting', () => {
  it('writes shares as percentages, unknown ones as a dash', () => {
    expect(formatPercent(1 / 6)).toBe('16.7 %');
    expect(formatPercent(1)).toBe('100.0 %');
    expect(formatPercent(null)).toBe('–');
  });

  it('writes durations in the largest unit that keeps them short', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4000)).toBe('4.0 s');
    expect(formatDuration(59_940)).toBe('59.9 s');
    expect(formatDuration(59_960)).toBe('1 min 0 s');
    expect(formatDuration(82_500)).toBe('1 min 23 s');
    expect(formatDuration(294_000)).toBe('4 min 54 s');
    expect(formatDuration(7_500_000)).toBe('2 h 05 min');
    expect(formatDuration(null)).toBe('–');
  });

  it('writes scores with at most four decimals', () => {
    expect(formatScore(0.45)).toBe('0.45');
    expect(formatScore(0.123456)).toBe('0.1235');
    expect(formatScore(null)).toBe('–');
  });
});
