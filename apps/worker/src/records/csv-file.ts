import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeToString } from 'fast-csv';

/** Characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list). */
const formulaStart = /^[=+\-@\t\r]/;

/** Bytes at the end of a file searched for a row's id before appending it. */
const recentBytes = 64 * 1024;

/** A cell a spreadsheet shows as text, never runs: a leading `'` is its own "this is text" mark. */
export function neutralise(cell: string): string {
  return formulaStart.test(cell) ? `'${cell}` : cell;
}

/** A row with every cell neutralised except the numbers the worker itself wrote. */
export function neutraliseCells<R extends Record<string, string>>(
  row: R,
  numeric: readonly (keyof R)[],
): R {
  return Object.fromEntries(
    Object.entries(row).map(([column, cell]) => [
      column,
      numeric.includes(column) ? cell : neutralise(cell),
    ]),
  ) as R;
}

/**
 * Appends one row to a data team CSV, the header first when the file is new, flushed to disk
 * before it returns, so a completed job's row is never lost. False when the row is already there:
 * a retried job whose write had landed finds `,<id>,` (its id in the second column) in the last
 * 64 KiB. Only one writer may run at a time (the feedback queue's global concurrency is 1), or
 * rows would interleave.
 */
export async function appendCsvRowOnce<C extends string>(
  path: string,
  columns: readonly C[],
  row: Record<C, string>,
  id: string,
): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, 'a+', 0o640);
  try {
    const { size } = await file.stat();
    if (size > 0 && (await endsWithRow(file, size, id))) return false;
    const text = await writeToString([row], {
      headers: [...columns],
      writeHeaders: size === 0,
      includeEndRowDelimiter: true,
    });
    await file.appendFile(text, 'utf8');
    await file.datasync();
    return true;
  } finally {
    await file.close();
  }
}

async function endsWithRow(file: FileHandle, size: number, id: string): Promise<boolean> {
  const length = Math.min(size, recentBytes);
  const { buffer, bytesRead } = await file.read(Buffer.alloc(length), 0, length, size - length);
  return buffer.subarray(0, bytesRead).includes(`,${id},`);
}
