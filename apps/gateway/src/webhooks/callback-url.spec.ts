import { checkCallbackUrl } from './callback-url';
import { CallbackUrlNotAllowedError } from './webhook-errors';

const allowed = ['hooks.shop.example', 'api.shop.example:8443', '127.0.0.1:9000'];

function refusal(url: string, hosts: readonly string[] = allowed): CallbackUrlNotAllowedError {
  try {
    checkCallbackUrl(url, hosts);
  } catch (error) {
    expect(error).toBeInstanceOf(CallbackUrlNotAllowedError);
    return error as CallbackUrlNotAllowedError;
  }
  throw new Error(`${url} was allowed`);
}

describe('checkCallbackUrl', () => {
  it.each([
    ['https://hooks.shop.example/moderation', 'https://hooks.shop.example/moderation'],
    ['HTTPS://Hooks.Shop.Example/a?b=1#frag', 'https://hooks.shop.example/a?b=1'],
    ['http://hooks.shop.example/x', 'http://hooks.shop.example/x'],
    ['https://hooks.shop.example:443/x', 'https://hooks.shop.example/x'],
    ['https://api.shop.example:8443/hook', 'https://api.shop.example:8443/hook'],
    ['http://127.0.0.1:9000/hook', 'http://127.0.0.1:9000/hook'],
  ])('allows %s as %s', (url, normalised) => {
    expect(checkCallbackUrl(url, allowed)).toBe(normalised);
  });

  it('allows a bare host:port entry for the default port of the scheme', () => {
    expect(checkCallbackUrl('https://a.example/x', ['a.example:443'])).toBe('https://a.example/x');
  });

  it.each([
    ['not a URL', 'hooks.shop.example/x'],
    ['not http(s)', 'ftp://hooks.shop.example/x'],
    ['a file URL', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['credentials', 'https://user:pw@hooks.shop.example/x'],
    ['a user name', 'https://user@hooks.shop.example/x'],
    ['another host', 'https://evil.example/x'],
    ['an allowed suffix', 'https://hooks.shop.example.evil.example/x'],
    ['another port of an allowed host', 'https://hooks.shop.example:6379/x'],
    ['the default port of a host:port entry', 'https://api.shop.example/x'],
    ['another port of an allowed address', 'http://127.0.0.1:6379/'],
    ['an internal address', 'http://169.254.169.254/latest/meta-data'],
    ['an IPv6 loopback', 'http://[::1]:9000/'],
  ])('refuses %s', (_why, url) => {
    const error = refusal(url);
    expect(error.status).toBe(400);
    expect(error.code).toBe('callback-url-not-allowed');
  });

  it('refuses every URL when no host is allowed', () => {
    expect(refusal('https://hooks.shop.example/x', []).message).toMatch(/WEBHOOK_ALLOWED_HOSTS/);
  });
});
