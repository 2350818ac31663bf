import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decisionCsvFile } from '@moderation/contracts';
import { dateRange, type QualityOptions } from '@moderation/quality';

export const usage = `Usage: npm run evaluate -- [--from DATE] [--to DATE] [--precision P] [--classes A,B]
                             [--file PATH] [--json]

How good the model is, from moderators' decisions ($FEEDBACK_DIR/decisions.csv).
  --from, --to   first and last day (YYYY-MM-DD, UTC, both included) or ISO 8601 time
  --precision    precision a suggested reject threshold must reach, above 0 and at most 1 (0.95)
  --classes      the unsafe classes, comma-separated (default: what people rejected photos as)
  --file         the decisions file (default: $FEEDBACK_DIR/decisions.csv, FEEDBACK_DIR=var/feedback)
  --json         the numbers as JSON instead of a report`;

/** A command line that cannot be run as given: exit status 2 with the message and the usage. */
export class UsageError extends Error {}

export interface EvaluateArguments {
  help: boolean;
  json: boolean;
  file: string;
  options: QualityOptions;
}

function precisionOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const precision = Number(value);
  if (value.trim() === '' || !(precision > 0 && precision <= 1)) {
    throw new UsageError(`--precision must be above 0 and at most 1, such as 0.95, not "${value}"`);
  }
  return precision;
}

/** Reads the command line; `env` gives FEEDBACK_DIR, where the workers write decisions.csv. */
export function parseArguments(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): EvaluateArguments {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        precision: { type: 'string' },
        classes: { type: 'string' },
        file: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  try {
    dateRange(values.from, values.to);
  } catch (error) {
    throw new UsageError(`--${error instanceof Error ? error.message : String(error)}`);
  }
  const classes = values.classes
    ?.split(',')
    .map((label) => label.trim())
    .filter(Boolean);
  if (classes?.length === 0) throw new UsageError('--classes needs at least one class');
  const precision = precisionOf(values.precision);
  return {
    help: values.help,
    json: values.json,
    file: values.file ?? join(env.FEEDBACK_DIR || 'var/feedback', decisionCsvFile),
    options: {
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
      ...(precision === undefined ? {} : { precision }),
      ...(classes ? { unsafeClasses: classes } : {}),
    },
  };
}
