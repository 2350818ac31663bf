import { serverTimingOf } from './server-timing';

describe('serverTimingOf', () => {
  it('reads each metric with its duration, in order, whatever its description holds', () => {
    const header =
      'upload;dur=1.8;desc="receiving, parsing; hashing", total;dur=30.9, cache;desc="hit"';
    expect(serverTimingOf(header)).toEqual([
      { name: 'upload', ms: 1.8 },
      { name: 'total', ms: 30.9 },
      { name: 'cache', ms: NaN },
    ]);
  });

  it('reads a header sent more than once, and none at all', () => {
    expect(serverTimingOf(['a;dur=1', 'b;dur=2'])).toEqual([
      { name: 'a', ms: 1 },
      { name: 'b', ms: 2 },
    ]);
    expect(serverTimingOf(null)).toEqual([]);
  });
});
