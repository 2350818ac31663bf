import { readDecisionRows as readRows } from '@moderation/quality';

/** There is no file to read: exit status 2, like a wrong command line. */
export class MissingFileError extends Error {}

/** Every row of a `decisions.csv`, by column name; a missing or unreadable file says so. */
export async function readDecisionRows(path: string): Promise<Record<string, string>[]> {
  let rows: Record<string, string>[] | undefined;
  try {
    rows = await readRows(path);
  } catch (error) {
    throw new MissingFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (!rows) {
    throw new MissingFileError(
      `no decisions file at ${path}: set FEEDBACK_DIR or pass --file PATH`,
    );
  }
  return rows;
}
