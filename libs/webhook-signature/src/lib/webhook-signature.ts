import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature scheme's version, the key of the signature in the header (`v1=`). */
const scheme = 'v1';

/** How far a delivery's timestamp may be from the receiver's clock, by default (5 minutes). */
export const defaultToleranceSeconds = 300;

function hmac(secret: string, body: string, timestampSeconds: number): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
}

/**
 * The `Moderation-Signature` header of one delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256>` of
 * `t + "." + body`. The timestamp is signed with the body, so an intercepted delivery cannot be
 * replayed later than the receiver's tolerance with a fresh timestamp. Sign the exact bytes sent.
 */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError(`timestampSeconds must be whole seconds, not ${timestampSeconds}`);
  }
  return `t=${timestampSeconds},${scheme}=${hmac(secret, body, timestampSeconds)}`;
}

export interface VerifyOptions {
  /** Largest accepted distance between the header's timestamp and `now`, in seconds. */
  toleranceSeconds?: number;
  /** The receiver's clock, in milliseconds since the epoch (tests). */
  now?: number;
}

/** The timestamp and the `v1` signatures of a header; undefined when it is malformed. */
function parseHeader(header: string): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) return undefined;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return undefined;
      timestamp = Number(value);
    } else if (key === scheme) {
      if (!/^[0-9a-f]{64}$/.test(value)) return undefined;
      signatures.push(value);
    }
    // Other keys (a future scheme) are ignored, so a sender can add one without breaking receivers.
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/**
 * Whether `header` is a valid signature of `body` with `secret`, made within `toleranceSeconds`
 * of `now` (either way: clocks drift). False for a malformed header, never an exception. The
 * comparison takes constant time, so the signature cannot be guessed byte by byte from timings.
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string | null | undefined,
  { toleranceSeconds = defaultToleranceSeconds, now = Date.now() }: VerifyOptions = {},
): boolean {
  if (typeof header !== 'string') return false;
  const parsed = parseHeader(header);
  if (!parsed) return false;
  if (Math.abs(now / 1000 - parsed.timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, body, parsed.timestamp), 'hex');
  // Every signature is compared (no early exit), each in constant time.
  let valid = false;
  for (const signature of parsed.signatures) {
    valid = timingSafeEqual(expected, Buffer.from(signature, 'hex')) || valid;
  }
  return valid;
}
