import { signWebhook } from '@moderation/webhook-signature';
import { readWebhookEvent } from './webhooks';

const secret = 'whsec-0123456789abcdef';
const event = {
  id: '8a1f7c1e-1f7e-4a55-9d8e-2e6b8f1f0c11',
  type: 'moderation.completed',
  createdAt: '2026-12-02T10:00:00.000Z',
  data: { moderation: { id: 'm-1', state: 'approved' } },
};
const body = JSON.stringify(event);
const now = Date.parse('2026-12-02T10:00:05.000Z');
const signed = signWebhook(secret, body, Math.floor(now / 1000));

describe('readWebhookEvent', () => {
  it('gives the event of a delivery signed with the secret, from a string or bytes', () => {
    expect(readWebhookEvent(secret, body, signed, { now })).toEqual(event);
    expect(readWebhookEvent(secret, Buffer.from(body), signed, { now })).toEqual(event);
  });

  it('refuses another secret, a changed body, a missing header and a replay past the window', () => {
    expect(readWebhookEvent('another-secret', body, signed, { now })).toBeUndefined();
    expect(
      readWebhookEvent(secret, body.replace('approved', 'rejected'), signed, { now }),
    ).toBeUndefined();
    expect(readWebhookEvent(secret, body, undefined, { now })).toBeUndefined();
    expect(readWebhookEvent(secret, body, signed, { now: now + 301_000 })).toBeUndefined();
    expect(
      readWebhookEvent(secret, body, signed, { now: now + 301_000, toleranceSeconds: 600 }),
    ).toEqual(event);
  });
});
