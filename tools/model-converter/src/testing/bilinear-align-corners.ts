/**
 * TensorFlow's `resizeBilinear(image, [outHeight, outWidth], alignCorners = true)` of an HWC float
 * image, as nsfwjs resizes: the corner pixels of input and output coincide, so output pixel x samples
 * the input at x · (W_in − 1) / (W_out − 1).
 */
export function resizeBilinearAlignCorners(
  pixels: Float32Array,
  size: { height: number; width: number; channels: number },
  outHeight: number,
  outWidth: number,
): Float32Array {
  const { height, width, channels } = size;
  const out = new Float32Array(outHeight * outWidth * channels);
  const yScale = outHeight > 1 ? (height - 1) / (outHeight - 1) : 0;
  const xScale = outWidth > 1 ? (width - 1) / (outWidth - 1) : 0;
  for (let y = 0; y < outHeight; y++) {
    const sy = y * yScale;
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, height - 1);
    const dy = sy - y0;
    for (let x = 0; x < outWidth; x++) {
      const sx = x * xScale;
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, width - 1);
      const dx = sx - x0;
      for (let c = 0; c < channels; c++) {
        const at = (yy: number, xx: number) => pixels[(yy * width + xx) * channels + c];
        const top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * dx;
        const bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * dx;
        out[(y * outWidth + x) * channels + c] = top + (bottom - top) * dy;
      }
    }
  }
  return out;
}
