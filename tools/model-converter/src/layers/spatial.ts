import type { LayerContext, TensorRef } from './layer-context';

export interface Window {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
}

/** ONNX `pads` ([top, left, bottom, right]) and output size of a window slid over an image. */
export interface WindowPlacement {
  pads: [number, number, number, number];
  height: number;
  width: number;
}

/**
 * TensorFlow's padding for a window over one axis. "same" pads so the output has ceil(in / stride)
 * cells, and when the total padding is odd the extra cell goes after (bottom/right), not before.
 */
export function axisPadding(
  size: number,
  kernel: number,
  stride: number,
  dilation: number,
  padding: 'valid' | 'same',
): { before: number; after: number; out: number } {
  const span = (kernel - 1) * dilation + 1;
  if (padding === 'valid') {
    return { before: 0, after: 0, out: Math.floor((size - span) / stride) + 1 };
  }
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + span - size, 0);
  const before = Math.floor(total / 2);
  return { before, after: total - before, out };
}

/** Where a window lands on an `[C, H, W]` input; stops the conversion if it does not fit. */
export function placeWindow(
  ctx: LayerContext,
  input: TensorRef,
  window: Window,
  padding: 'valid' | 'same',
): WindowPlacement {
  const [, height, width] = input.dims;
  const y = axisPadding(height, window.kernel[0], window.strides[0], window.dilations[0], padding);
  const x = axisPadding(width, window.kernel[1], window.strides[1], window.dilations[1], padding);
  if (y.out < 1 || x.out < 1) {
    ctx.fail(`window [${window.kernel}] does not fit the ${height}×${width} input`);
  }
  return { pads: [y.before, x.before, y.after, x.after], height: y.out, width: x.out };
}
