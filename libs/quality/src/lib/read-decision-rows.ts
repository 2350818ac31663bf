import { createReadStream } from 'node:fs';
import { parse } from 'fast-csv';

/**
 * Every row of a `decisions.csv`, by column name, streamed through fast-csv; undefined when the
 * file does not exist (no decision written yet). Cells beyond the header are dropped rather than
 * failing the file: the worker writes the header once, when the file is new, so rows written
 * after a column was added outnumber it.
 */
export function readDecisionRows(path: string): Promise<Record<string, string>[] | undefined> {
  return new Promise((resolve, reject) => {
    const rows: Record<string, string>[] = [];
    const source = createReadStream(path);
    source.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? resolve(undefined) : reject(error),
    );
    source
      .pipe(
        parse<Record<string, string>, Record<string, string>>({
          headers: true,
          ignoreEmpty: true,
          discardUnmappedColumns: true,
        }),
      )
      .on('data', (row: Record<string, string>) => rows.push(row))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });
}
