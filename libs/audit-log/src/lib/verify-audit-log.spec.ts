import { nextAuditLine } from './audit-line';
import { verifyAuditLog } from './verify-audit-log';

/** A log of `count` chained entries, as lines without their line ends. */
function chain(count: number): string[] {
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) {
    const entry = { type: 'decision', id: `d-${i}`, decision: 'approve', moderator: 'ana' };
    lines.push(nextAuditLine(lines.at(-1), entry, new Date(Date.UTC(2026, 11, 1, 10, i))));
  }
  return lines;
}

const text = (lines: string[]) => lines.map((line) => `${line}\n`).join('');

describe('verifyAuditLog', () => {
  it('finds an intact log intact, with its number of entries', () => {
    expect(verifyAuditLog(text(chain(5)))).toEqual({ intact: true, entries: 5 });
  });

  it('finds an empty log intact', () => {
    expect(verifyAuditLog('')).toEqual({ intact: true, entries: 0 });
  });

  it('names the middle line in which one byte was changed', () => {
    const lines = chain(5);
    lines[2] = lines[2].replace('"ana"', '"anb"');
    expect(verifyAuditLog(text(lines))).toEqual({
      intact: false,
      line: 3,
      reason: 'its text no longer matches the hash line 4 holds',
    });
  });

  it('names the line whose link to the previous line was edited', () => {
    const lines = chain(5);
    const prev = /"prev":"(.)/.exec(lines[3])?.[1];
    lines[3] = lines[3].replace(`"prev":"${prev}`, `"prev":"${prev === 'a' ? 'b' : 'a'}`);
    expect(verifyAuditLog(text(lines))).toEqual({
      intact: false,
      line: 4,
      reason: 'its prev is not the hash of line 3',
    });
  });

  it('names the last line but one when it was changed', () => {
    const lines = chain(4);
    lines[2] = lines[2].replace('"ana"', '"bob"');
    expect(verifyAuditLog(text(lines))).toMatchObject({ intact: false, line: 3 });
  });

  it('names the first line when it was changed', () => {
    const lines = chain(3);
    lines[0] = lines[0].replace('"ana"', '"bob"');
    expect(verifyAuditLog(text(lines))).toMatchObject({ intact: false, line: 1 });
  });

  it('names the place of a removed line', () => {
    const lines = chain(5);
    lines.splice(1, 1);
    expect(verifyAuditLog(text(lines))).toEqual({
      intact: false,
      line: 2,
      reason: 'holds entry 3 where entry 2 belongs',
    });
  });

  it('names the first of two swapped lines', () => {
    const lines = chain(5);
    [lines[1], lines[2]] = [lines[2], lines[1]];
    expect(verifyAuditLog(text(lines))).toMatchObject({ intact: false, line: 2 });
  });

  it('names a blank line', () => {
    const lines = chain(3);
    lines.splice(1, 0, '');
    expect(verifyAuditLog(text(lines))).toEqual({
      intact: false,
      line: 2,
      reason: 'a blank line',
    });
  });

  it('names a garbled line', () => {
    const lines = chain(3);
    lines[1] = lines[1].slice(0, 40);
    expect(verifyAuditLog(text(lines))).toEqual({
      intact: false,
      line: 2,
      reason: 'not an audit entry',
    });
  });

  it('names a last line left without its line end', () => {
    expect(verifyAuditLog(text(chain(2)) + '{"seq":3')).toMatchObject({ intact: false, line: 3 });
  });

  it('cannot tell that the last lines were removed: nothing after them holds their hash', () => {
    expect(verifyAuditLog(text(chain(5).slice(0, 3)))).toEqual({ intact: true, entries: 3 });
  });
});
