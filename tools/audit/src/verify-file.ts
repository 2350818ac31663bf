import { readFile } from 'node:fs/promises';
import { verifyAuditLog } from '@moderation/audit-log';

/** What the command prints and its exit status: 0 intact, 1 broken, 2 not checked. */
export interface Outcome {
  code: 0 | 1 | 2;
  /** For stdout when the log was checked, stderr otherwise. */
  message: string;
}

/**
 * Verifies the audit log at `path`. A missing or unreadable file is not a broken log: it gets
 * its own status, so a script can tell "tampered" from "wrong path".
 */
export async function verifyFile(path: string): Promise<Outcome> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      code: 2,
      message:
        code === 'ENOENT'
          ? `no audit log at ${path}: set FEEDBACK_DIR or pass --file PATH`
          : `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const result = verifyAuditLog(text);
  return result.intact
    ? { code: 0, message: `intact (${result.entries} entries)` }
    : {
        code: 1,
        message: `changed, removed or reordered at line ${result.line}: ${result.reason}`,
      };
}
