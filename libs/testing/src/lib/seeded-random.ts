/**
 * A deterministic pseudo-random source in [0, 1) (xorshift32): test fixtures built from it are the
 * same on every run and machine, unlike Math.random().
 */
export function seededRandom(seed: number): () => number {
  // xorshift has one fixed point, zero; any other 32-bit state cycles through all the others.
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}
