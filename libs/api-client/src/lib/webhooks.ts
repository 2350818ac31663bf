import { verifyWebhook, type VerifyOptions } from '@moderation/webhook-signature';
import type { WebhookEvent } from './api-types';

/** The header every delivery is signed in: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const signatureHeader = 'moderation-signature';

/**
 * The event of a webhook delivery, once its `Moderation-Signature` verifies against the raw body
 * with `secret` within the replay window (5 minutes by default); undefined otherwise, never an
 * exception. Pass the body exactly as received, before any JSON parsing: the signature covers
 * those bytes, and a body parsed and re-serialised is not them.
 */
export function readWebhookEvent(
  secret: string,
  rawBody: string | Uint8Array,
  signature: string | null | undefined,
  options: VerifyOptions = {},
): WebhookEvent | undefined {
  const body = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  if (!verifyWebhook(secret, body, signature, options)) return undefined;
  try {
    return JSON.parse(body) as WebhookEvent;
  } catch {
    // Signed by the secret but not JSON: not something the gateway sends.
    return undefined;
  }
}
