/** A named secret from the configuration: a moderator's token or a shop backend's API key. */
export interface Credential {
  name: string;
  secret: string;
}

/** Reads `name:secret,…` (already validated by the environment's schema). */
export function parseCredentials(list: string | undefined): Credential[] {
  if (!list) return [];
  return list.split(',').map((pair) => {
    const colon = pair.indexOf(':');
    return { name: pair.slice(0, colon), secret: pair.slice(colon + 1) };
  });
}
