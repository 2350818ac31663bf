import { createHash } from 'node:crypto';

/**
 * What a writer records: its kind, an id unique to it (a retried write finds the id and skips
 * the entry) and its own fields. The chain's fields are the log's to set.
 */
export type AuditEntry = { type: string; id: string } & Record<string, unknown>;

/** One line of the log as written: the entry between its place in the chain and its link. */
export type AuditLine = AuditEntry & {
  /** 1-based position in the log. */
  seq: number;
  /** When the line was written (ISO 8601, UTC). */
  at: string;
  /** Hex SHA-256 of the previous line's exact text (without its line end); 64 zeros on line 1. */
  prev: string;
};

/** The `prev` of the first line: there is nothing before it. */
export const firstPrev = '0'.repeat(64);

/** Fields the chain sets; an entry naming one would make the line ambiguous. */
const chainFields = ['seq', 'at', 'prev'] as const;

/** Hex SHA-256 of a line's exact text, the link the next line holds. */
export function hashLine(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}

/** A line's entry when it is a JSON object with the chain's fields; undefined otherwise. */
export function parseAuditLine(line: string): AuditLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entry = value as Record<string, unknown>;
  const wellFormed =
    Number.isInteger(entry['seq']) &&
    typeof entry['at'] === 'string' &&
    typeof entry['type'] === 'string' &&
    typeof entry['id'] === 'string' &&
    typeof entry['prev'] === 'string' &&
    /^[0-9a-f]{64}$/.test(entry['prev']);
  return wellFormed ? (entry as AuditLine) : undefined;
}

/**
 * The text of the line that follows `previous` (the log's last line, undefined for an empty
 * log), without its line end. Keys keep one order (`seq`, `at`, `type`, `id`, the entry's
 * fields, `prev`) so a line reads the same in every log; fields set to undefined are left out.
 */
export function nextAuditLine(previous: string | undefined, entry: AuditEntry, at: Date): string {
  const clash = chainFields.find((field) => field in entry);
  if (clash) throw new Error(`an audit entry may not set "${clash}": the log sets it`);
  let seq = 1;
  let prev = firstPrev;
  if (previous !== undefined) {
    const last = parseAuditLine(previous);
    if (!last) throw new Error('the last line of the audit log is not an audit entry');
    seq = last.seq + 1;
    prev = hashLine(previous);
  }
  const { type, id, ...fields } = entry;
  return JSON.stringify({ seq, at: at.toISOString(), type, id, ...fields, prev });
}
