import { firstPrev, hashLine, parseAuditLine } from './audit-line';

/** What {@link verifyAuditLog} found: every line in place, or the first one that is not. */
export type AuditVerification =
  | { intact: true; entries: number }
  | { intact: false; line: number; reason: string };

/**
 * Checks the chain of an audit log's text: each line numbered in order and holding the hash of
 * the line before it. A line changed, removed, inserted or moved breaks it; the answer names the
 * first line (1-based) that is out of place.
 *
 * The last line is covered by no later hash, so removing the last lines, or rewriting the last
 * line consistently, leaves an intact log: only a copy of the last line's hash kept elsewhere
 * (a backup, a ticket) can show that.
 */
export function verifyAuditLog(text: string): AuditVerification {
  if (text === '') return { intact: true, entries: 0 };
  const lines = text.split('\n');
  const complete = lines.pop() === '';
  if (!complete) {
    return { intact: false, line: lines.length + 1, reason: 'no line end: an unfinished write' };
  }
  for (let index = 0; index < lines.length; index++) {
    const number = index + 1;
    const line = lines[index];
    if (line.trim() === '') return { intact: false, line: number, reason: 'a blank line' };
    const entry = parseAuditLine(line);
    if (!entry) return { intact: false, line: number, reason: 'not an audit entry' };
    if (entry.seq !== number) {
      return {
        intact: false,
        line: number,
        reason: `holds entry ${entry.seq} where entry ${number} belongs`,
      };
    }
    const expected = index === 0 ? firstPrev : hashLine(lines[index - 1]);
    if (entry.prev === expected) continue;
    if (index === 0) return { intact: false, line: 1, reason: 'its prev is not 64 zeros' };
    // Either the line before was edited (its hash changed) or this line's prev was: the one
    // that also breaks the next link is this line.
    const next = lines[index + 1] === undefined ? undefined : parseAuditLine(lines[index + 1]);
    if (next && next.prev !== hashLine(line)) {
      return { intact: false, line: number, reason: `its prev is not the hash of line ${index}` };
    }
    return {
      intact: false,
      line: index,
      reason: `its text no longer matches the hash line ${number} holds`,
    };
  }
  return { intact: true, entries: lines.length };
}
