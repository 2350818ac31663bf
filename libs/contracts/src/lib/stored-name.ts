/**
 * Names the gateway stores uploads under: the SHA-256 of the bytes plus the extension of the
 * detected image type. Anything else never came from the gateway and is refused on sight.
 */
export const storedNamePattern = /^[0-9a-f]{64}\.(jpg|png|gif|webp|tiff)$/;

export function isStoredName(name: string): boolean {
  return storedNamePattern.test(name);
}

/**
 * Names of the still thumbnails a worker writes beside an animated upload, one per classified
 * frame: `<sha256>.frame-<zero-based index>.jpg`. Moderators see them as the frame strip.
 */
export const frameThumbnailPattern = /^[0-9a-f]{64}\.frame-(0|[1-9][0-9]{0,5})\.jpg$/;

export function isFrameThumbnailName(name: string): boolean {
  return frameThumbnailPattern.test(name);
}

/** The thumbnail name of one frame of a stored upload. */
export function frameThumbnailName(storedName: string, index: number): string {
  if (!isStoredName(storedName)) throw new Error(`not a stored upload name: ${storedName}`);
  return `${storedName.slice(0, 64)}.frame-${index}.jpg`;
}
