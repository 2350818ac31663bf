/** One metric of a `Server-Timing` header. */
export interface TimingMetric {
  name: string;
  /** Its `dur` parameter in ms; NaN when it has none. */
  ms: number;
}

/**
 * The metrics of a `Server-Timing` header (W3C Server Timing), in the order the server listed
 * them. Commas and semicolons inside a quoted `desc` belong to it.
 */
export function serverTimingOf(header: string | string[] | null | undefined): TimingMetric[] {
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  const metrics: TimingMetric[] = [];
  for (const entry of splitOutsideQuotes(text, ',')) {
    const [name, ...params] = splitOutsideQuotes(entry, ';').map((part) => part.trim());
    if (!name) continue;
    const dur = params.find((param) => param.startsWith('dur='));
    metrics.push({ name, ms: dur === undefined ? NaN : Number(dur.slice('dur='.length)) });
  }
  return metrics;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"' && text[i - 1] !== '\\') quoted = !quoted;
    else if (text[i] === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
