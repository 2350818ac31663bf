import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

const secret = 'whsec-test-0123456789abcdef0123';
const body = '{"id":"e1","type":"moderation.completed","data":{"moderation":{"id":"m1"}}}';
const t = 1_796_000_000;
const now = t * 1000;

describe('signWebhook', () => {
  it('signs "t.body" with HMAC-SHA256 as t=<seconds>,v1=<hex>', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signWebhook(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('matches a fixed vector', () => {
    // HMAC-SHA256(key "key", message "1.{}"), computed once with node:crypto and kept literal.
    const vector = '1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224';
    expect(createHmac('sha256', 'key').update('1.{}').digest('hex')).toBe(vector);
    expect(signWebhook('key', '{}', 1)).toBe(`t=1,v1=${vector}`);
  });

  it('signs the bytes of non-ASCII bodies as UTF-8', () => {
    const unicode = '{"note":"café ✓"}';
    const expected = createHmac('sha256', secret)
      .update(Buffer.from(`${t}.${unicode}`, 'utf8'))
      .digest('hex');
    expect(signWebhook(secret, unicode, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('refuses a timestamp that is not whole seconds', () => {
    expect(() => signWebhook(secret, body, 1.5)).toThrow(RangeError);
    expect(() => signWebhook(secret, body, Date.now() / 1000)).toThrow(RangeError);
  });
});

describe('verifyWebhook', () => {
  const header = signWebhook(secret, body, t);

  it('accepts its own signature within the tolerance', () => {
    expect(verifyWebhook(secret, body, header, { now })).toBe(true);
    expect(verifyWebhook(secret, body, header, { now: now + 299_000 })).toBe(true);
    expect(verifyWebhook(secret, body, header, { now: now - 299_000 })).toBe(true);
  });

  it('refuses another secret', () => {
    expect(verifyWebhook(`${secret}x`, body, header, { now })).toBe(false);
  });

  it('refuses a changed body', () => {
    expect(verifyWebhook(secret, body.replace('m1', 'm2'), header, { now })).toBe(false);
    expect(verifyWebhook(secret, `${body} `, header, { now })).toBe(false);
  });

  it('refuses a timestamp outside the tolerance (a replay)', () => {
    expect(verifyWebhook(secret, body, header, { now: now + 301_000 })).toBe(false);
    expect(verifyWebhook(secret, body, header, { now: now - 301_000 })).toBe(false);
    expect(
      verifyWebhook(secret, body, header, { now: now + 3_600_000, toleranceSeconds: 3600 }),
    ).toBe(true);
  });

  it('refuses a timestamp changed to look fresh', () => {
    const replayed = header.replace(`t=${t}`, `t=${t + 600}`);
    expect(verifyWebhook(secret, body, replayed, { now: now + 600_000 })).toBe(false);
  });

  it('accepts when one of several v1 signatures matches (secret rotation)', () => {
    const other = signWebhook('another-secret-0123456789abc', body, t).split(',')[1];
    expect(verifyWebhook(secret, body, `${header},${other}`, { now })).toBe(true);
    expect(verifyWebhook(secret, body, `t=${t},${other}`, { now })).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['garbage', 'not a signature'],
    ['no signature', `t=${t}`],
    ['no timestamp', header.split(',')[1]],
    ['a non-numeric timestamp', header.replace(`t=${t}`, 't=soon')],
    ['a short signature', `t=${t},v1=abcd`],
    ['a non-hex signature', `t=${t},v1=${'z'.repeat(64)}`],
    ['two timestamps', `t=${t},${header}`],
    ['a part without =', `${header},junk`],
  ])('refuses a malformed header: %s', (_name, value) => {
    expect(verifyWebhook(secret, body, value, { now })).toBe(false);
  });

  it('refuses a missing header', () => {
    expect(verifyWebhook(secret, body, undefined, { now })).toBe(false);
    expect(verifyWebhook(secret, body, null, { now })).toBe(false);
  });
});
