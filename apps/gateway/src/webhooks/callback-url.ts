import { CallbackUrlNotAllowedError } from './webhook-errors';

const defaultPorts: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * The URL events may be POSTed to, normalised (lower-case host, default port dropped, no
 * fragment), or a {@link CallbackUrlNotAllowedError}. `allowedHosts` holds lower-case `host` or
 * `host:port` entries: `host` allows the scheme's default port only and `host:port` that port
 * only, so an allowed name cannot be used to reach the other services of its machine. Checked when
 * a client gives the URL and again before every delivery (the list may have changed meanwhile).
 */
export function checkCallbackUrl(url: string, allowedHosts: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CallbackUrlNotAllowedError('callbackUrl must be an absolute http(s) URL');
  }
  if (!(parsed.protocol in defaultPorts)) {
    throw new CallbackUrlNotAllowedError('callbackUrl must be an http or https URL');
  }
  if (parsed.username || parsed.password) {
    throw new CallbackUrlNotAllowedError(
      'callbackUrl must not carry credentials; receivers verify the Moderation-Signature instead',
    );
  }
  if (allowedHosts.length === 0) {
    throw new CallbackUrlNotAllowedError(
      'Callbacks are off: no host is allowed (WEBHOOK_ALLOWED_HOSTS is not set)',
    );
  }
  const port = parsed.port || defaultPorts[parsed.protocol];
  const candidates = [`${parsed.hostname}:${port}`];
  if (!parsed.port) candidates.push(parsed.hostname);
  if (!candidates.some((candidate) => allowedHosts.includes(candidate))) {
    throw new CallbackUrlNotAllowedError(
      `callbackUrl host ${parsed.host} is not allowed (WEBHOOK_ALLOWED_HOSTS)`,
    );
  }
  parsed.hash = '';
  return parsed.toString();
}
