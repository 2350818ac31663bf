import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An 8×8 beige PNG (95 bytes). The gateway stores it under its content name at start so that the
 * document's `POST /feedback` example names a file this service has stored, and "Try it out"
 * succeeds instead of answering `unknown-file`.
 */
const bytes = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEUlEQVQI12M4sWUaVsQwtCQA0kWEgRCvpD8AAAAASUVORK5CYII=',
  'base64',
);

/** The example image's stored name: the same name `POST /predict` gives these bytes. */
export const exampleUploadName = `${createHash('sha256').update(bytes).digest('hex')}.png`;

/** Stores the example image in the upload folder unless it is there already. */
export function storeExampleUpload(uploadDir: string): void {
  mkdirSync(uploadDir, { recursive: true });
  try {
    // Exclusive: the bytes behind a content name never change, so an existing file is kept.
    writeFileSync(join(uploadDir, exampleUploadName), bytes, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
