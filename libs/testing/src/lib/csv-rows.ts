import { parseString } from 'fast-csv';

/** Rows of a CSV text (such as the feedback file), keyed by its header. */
export function csvRows(text: string): Promise<Record<string, string>[]> {
  return new Promise((resolveRows, reject) => {
    const rows: Record<string, string>[] = [];
    parseString<Record<string, string>, Record<string, string>>(text, { headers: true })
      .on('data', (row: Record<string, string>) => rows.push(row))
      .on('error', reject)
      .on('end', () => resolveRows(rows));
  });
}
