/**
 * `npm run audit:verify [-- --file PATH]`: checks the chain of the audit log the workers write,
 * `$FEEDBACK_DIR/audit.jsonl` by default. Exits 0 when intact, 1 naming the first line that was
 * changed, removed or reordered, 2 when there is no log to check.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { auditLogFile } from '@moderation/contracts';
import { verifyFile } from './verify-file';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { file: { type: 'string' } } });
  const path = values.file ?? join(process.env.FEEDBACK_DIR || 'var/feedback', auditLogFile);
  const { code, message } = await verifyFile(path);
  (code === 2 ? process.stderr : process.stdout).write(`${message}\n`);
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
