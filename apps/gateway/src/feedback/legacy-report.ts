/**
 * Reads the original service's `report` form field: a Python dict literal such as
 * `{'filename': 'ab12….jpg', 'prediction': 'Sexy', 'score': 0.9346 }` (single or double quotes,
 * floats such as `1.`). Only flat dicts of strings and numbers exist in that format; anything
 * else is refused rather than guessed at. Returns undefined when the text is not such a dict.
 */
export function parseLegacyReport(text: string): Record<string, string | number> | undefined {
  const entry =
    /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?))\s*(,|(?=\}))/y;
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return undefined;
  const result: Record<string, string | number> = {};
  entry.lastIndex = 1;
  const end = trimmed.length - 1;
  while (entry.lastIndex < end) {
    if (/^\s*$/.test(trimmed.slice(entry.lastIndex, end))) break;
    const match = entry.exec(trimmed);
    if (!match) return undefined;
    const key = unescape(match[1] ?? match[2]);
    const number = match[5];
    result[key] = number !== undefined ? Number(number) : unescape(match[3] ?? match[4]);
  }
  return result;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}
