import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { writeToString } from 'fast-csv';
import { feedbackCsvColumns, feedbackCsvFile, type FeedbackCsvRow } from '@moderation/contracts';
import { fixturesDir } from './http';

/**
 * Puts a fixture image into the upload folder under its content name (SHA-256 and extension), as
 * the gateway stores uploads, so `/uploads/<name>` serves it; returns the name.
 */
export function storeUpload(uploadDir: string, fixture: string): string {
  const bytes = readFileSync(join(fixturesDir, fixture));
  const name = `${createHash('sha256').update(bytes).digest('hex')}.${fixture.split('.').pop()}`;
  mkdirSync(uploadDir, { recursive: true });
  writeFileSync(join(uploadDir, name), bytes);
  return name;
}

/**
 * Appends reports to the feedback file in the worker's format (the header first when the file is
 * new), for tests that need reports at known times without going through the queue. One append
 * call, opened for appending as the worker's is, so a row the worker writes meanwhile lands
 * before or after these, never inside them.
 */
export async function appendFeedbackRows(
  feedbackDir: string,
  rows: FeedbackCsvRow[],
): Promise<void> {
  const path = join(feedbackDir, feedbackCsvFile);
  mkdirSync(feedbackDir, { recursive: true });
  const fresh = !existsSync(path) || statSync(path).size === 0;
  const text = await writeToString(rows, {
    headers: [...feedbackCsvColumns],
    writeHeaders: fresh,
    includeEndRowDelimiter: true,
  });
  appendFileSync(path, text);
}
