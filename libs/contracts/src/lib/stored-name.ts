/**
 * Names the gateway stores uploads under: the SHA-256 of the bytes plus the extension of the
 * detected image type. Anything else never came from the gateway and is refused on sight.
 */
export const storedNamePattern = /^[0-9a-f]{64}\.(jpg|png|gif|webp|tiff)$/;

export function isStoredName(name: string): boolean {
  return storedNamePattern.test(name);
}
