const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * One end of a date range, in milliseconds since the epoch. A day (`2026-12-01`) covers all of
 * it in UTC: as `from` it starts at 00:00, as `to` it ends at 23:59:59.999, so `--from D --to D`
 * is that one day. A timestamp (`2026-12-01T08:00`, `…Z`, `…+02:00`) is taken as it is, in UTC
 * when it names no zone. Throws a `RangeError` naming the value when it is neither.
 */
export function dateBound(value: string, end: 'from' | 'to'): number {
  if (dateOnly.test(value)) {
    const start = Date.parse(`${value}T00:00:00.000Z`);
    // Date.parse rolls 2026-02-30 over to March; a day that is not in the calendar is an error.
    if (Number.isFinite(start) && new Date(start).toISOString().startsWith(value)) {
      return end === 'from' ? start : start + 24 * 60 * 60 * 1000 - 1;
    }
  } else if (timestamp.test(value)) {
    const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`;
    const at = Date.parse(zoned);
    if (Number.isFinite(at)) return at;
  }
  throw new RangeError(`${end} must be a day (YYYY-MM-DD) or an ISO 8601 time, not "${value}"`);
}

/** The range `from`–`to` (either end optional), both ends included. */
export interface DateRange {
  from?: number;
  to?: number;
}

/** Reads a range from its two ends as given; a `from` after the `to` is a `RangeError`. */
export function dateRange(from?: string, to?: string): DateRange {
  const range: DateRange = {
    ...(from ? { from: dateBound(from, 'from') } : {}),
    ...(to ? { to: dateBound(to, 'to') } : {}),
  };
  if (range.from !== undefined && range.to !== undefined && range.from > range.to) {
    throw new RangeError(`from (${from}) is after to (${to})`);
  }
  return range;
}

export function inRange(at: number, range: DateRange): boolean {
  return (
    (range.from === undefined || at >= range.from) && (range.to === undefined || at <= range.to)
  );
}

/** Every UTC day from `first` to `last` (`YYYY-MM-DD`), both included. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${first}T00:00:00.000Z`); ; at += 24 * 60 * 60 * 1000) {
    const day = new Date(at).toISOString().slice(0, 10);
    if (day > last) break;
    days.push(day);
  }
  return days;
}
