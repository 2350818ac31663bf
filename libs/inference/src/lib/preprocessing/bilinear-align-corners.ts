/**
 * Resizes an 8-bit interleaved image with bilinear interpolation and aligned corners: the corner
 * pixels of input and output coincide and every output pixel samples
 * `x_in = x_out · (W_in − 1) / (W_out − 1)`. This is TensorFlow's
 * `resizeBilinear(…, alignCorners = true)` (half-pixel centres off), the resize nsfwjs applies to
 * the whole decoded photo; sharp's anti-aliased kernels give materially different probabilities.
 *
 * Returns float32 channel values in 0–255, interleaved like the input.
 */
export function resizeBilinearAlignCorners(
  pixels: Uint8Array,
  inWidth: number,
  inHeight: number,
  channels: number,
  outWidth: number,
  outHeight: number,
): Float32Array {
  const out = new Float32Array(outWidth * outHeight * channels);
  const scaleY = outHeight > 1 ? (inHeight - 1) / (outHeight - 1) : 0;
  const scaleX = outWidth > 1 ? (inWidth - 1) / (outWidth - 1) : 0;
  // Column sampling positions are the same for every row: compute them once.
  const left = new Int32Array(outWidth);
  const right = new Int32Array(outWidth);
  const dx = new Float32Array(outWidth);
  for (let x = 0; x < outWidth; x++) {
    const inX = x * scaleX;
    left[x] = Math.floor(inX);
    right[x] = Math.min(left[x] + 1, inWidth - 1);
    dx[x] = inX - left[x];
  }
  const rowStride = inWidth * channels;
  let o = 0;
  for (let y = 0; y < outHeight; y++) {
    const inY = y * scaleY;
    const top = Math.floor(inY);
    const bottom = Math.min(top + 1, inHeight - 1);
    const dy = inY - top;
    const topRow = top * rowStride;
    const bottomRow = bottom * rowStride;
    for (let x = 0; x < outWidth; x++) {
      const l = left[x] * channels;
      const r = right[x] * channels;
      const fx = dx[x];
      for (let c = 0; c < channels; c++) {
        const tl = pixels[topRow + l + c];
        const tr = pixels[topRow + r + c];
        const bl = pixels[bottomRow + l + c];
        const br = pixels[bottomRow + r + c];
        const topValue = tl + (tr - tl) * fx;
        const bottomValue = bl + (br - bl) * fx;
        out[o++] = topValue + (bottomValue - topValue) * dy;
      }
    }
  }
  return out;
}
