import { firstPrev, hashLine, nextAuditLine, parseAuditLine } from './audit-line';

const at = new Date('2026-12-01T10:00:00.000Z');

describe('nextAuditLine', () => {
  it('starts the chain at seq 1 with 64 zeros as prev', () => {
    const line = nextAuditLine(undefined, { type: 'startup', id: 's-1', host: 'w1' }, at);
    expect(JSON.parse(line)).toEqual({
      seq: 1,
      at: '2026-12-01T10:00:00.000Z',
      type: 'startup',
      id: 's-1',
      host: 'w1',
      prev: firstPrev,
    });
  });

  it('numbers the next line and links it to the exact text of the previous one', () => {
    const first = nextAuditLine(undefined, { type: 'startup', id: 's-1' }, at);
    const second = nextAuditLine(first, { type: 'decision', id: 'd-1', label: undefined }, at);
    expect(JSON.parse(second)).toEqual({
      seq: 2,
      at: '2026-12-01T10:00:00.000Z',
      type: 'decision',
      id: 'd-1',
      prev: hashLine(first),
    });
    expect(Object.keys(JSON.parse(second))).toEqual(['seq', 'at', 'type', 'id', 'prev']);
  });

  it('refuses an entry that sets a field of the chain', () => {
    expect(() => nextAuditLine(undefined, { type: 'x', id: 'x', seq: 7 }, at)).toThrow(/"seq"/);
  });

  it('refuses to chain onto a line that is not an audit entry', () => {
    expect(() => nextAuditLine('{"half', { type: 'x', id: 'x' }, at)).toThrow(/not an audit/);
  });
});

describe('parseAuditLine', () => {
  it('reads a written line and rejects anything without the chain fields', () => {
    const line = nextAuditLine(undefined, { type: 'startup', id: 's-1' }, at);
    expect(parseAuditLine(line)).toMatchObject({ seq: 1, id: 's-1' });
    expect(parseAuditLine('[1,2]')).toBeUndefined();
    expect(parseAuditLine('{"seq":1,"at":"x","type":"t","id":"i","prev":"short"}')).toBeUndefined();
    expect(parseAuditLine('not json')).toBeUndefined();
  });
});
