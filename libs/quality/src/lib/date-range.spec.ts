import { dateBound, dateRange, daysBetween, inRange } from './date-range';

describe('dateBound', () => {
  it('covers a whole UTC day', () => {
    expect(dateBound('2026-12-02', 'from')).toBe(Date.parse('2026-12-02T00:00:00.000Z'));
    expect(dateBound('2026-12-02', 'to')).toBe(Date.parse('2026-12-02T23:59:59.999Z'));
  });

  it('takes a time as it is, in UTC when it names no zone', () => {
    expect(dateBound('2026-12-02T08:30', 'from')).toBe(Date.parse('2026-12-02T08:30:00Z'));
    expect(dateBound('2026-12-02T08:30:00+02:00', 'to')).toBe(Date.parse('2026-12-02T06:30:00Z'));
  });

  it.each(['2026-02-30', '02.12.2026', 'yesterday', '2026-12-02 08:30', ''])(
    'refuses %p',
    (value) => {
      expect(() => dateBound(value, 'from')).toThrow(RangeError);
    },
  );
});

describe('dateRange', () => {
  it('leaves an end open when it is not given', () => {
    const range = dateRange(undefined, '2026-12-01');
    expect(inRange(0, range)).toBe(true);
    expect(inRange(Date.parse('2026-12-02T00:00:00Z'), range)).toBe(false);
  });
});

describe('daysBetween', () => {
  it('lists every day, across a month', () => {
    expect(daysBetween('2026-11-29', '2026-12-01')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
  });
});
