/**
 * `npm run evaluate [-- --from DATE --to DATE --precision P --classes A,B --file PATH --json]`:
 * how good the model is, from the moderators' decisions the workers write to
 * `$FEEDBACK_DIR/decisions.csv`. Prints a report, or the numbers as JSON; exits 2 when the file
 * is missing or the command line is wrong. Every number is explained in docs/quality.md.
 */
import { qualityReport } from '@moderation/quality';
import { parseArguments, usage, UsageError } from './arguments';
import { formatReport } from './format-report';
import { MissingFileError, readDecisionRows } from './read-decisions';

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2), process.env);
  if (args.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const report = qualityReport(await readDecisionRows(args.file), args.options);
  process.stdout.write(
    args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, args.file),
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(error instanceof UsageError ? `${message}\n\n${usage}\n` : `${message}\n`);
    process.exitCode = error instanceof UsageError || error instanceof MissingFileError ? 2 : 1;
  },
);
