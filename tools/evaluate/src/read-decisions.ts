import { createReadStream } from 'node:fs';
import { parse } from 'fast-csv';

/** There is no file to read: exit status 2, like a wrong command line. */
export class MissingFileError extends Error {}

/**
 * Every row of a `decisions.csv`, by column name, streamed through fast-csv. Cells beyond the
 * header are dropped rather than failing the file: the worker writes the header once, when the
 * file is new, so rows written after a column was added outnumber it.
 */
export function readDecisionRows(path: string): Promise<Record<string, string>[]> {
  return new Promise((resolve, reject) => {
    const rows: Record<string, string>[] = [];
    const source = createReadStream(path);
    source.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new MissingFileError(
              `no decisions file at ${path}: set FEEDBACK_DIR or pass --file PATH`,
            )
          : new MissingFileError(`cannot read ${path}: ${error.message}`),
      ),
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
