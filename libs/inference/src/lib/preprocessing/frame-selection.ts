/**
 * The frames of an animation (or pages of a document) to classify: all of them when there are at
 * most `maxFrames`, else `maxFrames` evenly spaced ones, the first and the last always included, so
 * that neither the opening nor the closing frame can hide what an animation shows. Zero-based,
 * sorted, distinct.
 */
export function selectFrames(total: number, maxFrames: number): number[] {
  if (!Number.isInteger(total) || total < 1) {
    throw new RangeError(`an image has at least one frame, not ${total}`);
  }
  if (!Number.isInteger(maxFrames) || maxFrames < 1) {
    throw new RangeError(`at least one frame must be classified, not ${maxFrames}`);
  }
  if (total <= maxFrames) return Array.from({ length: total }, (_, i) => i);
  if (maxFrames === 1) return [0];
  // The step is above 1 here (total > maxFrames), so rounding never gives one index twice.
  const step = (total - 1) / (maxFrames - 1);
  return Array.from({ length: maxFrames }, (_, i) => Math.round(i * step));
}
