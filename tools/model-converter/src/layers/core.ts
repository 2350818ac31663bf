import { intAttr, intsAttr } from '@moderation/onnx-builder';
import { applyActivation, configuredActivation } from './activations';
import type { LayerContext, TensorRef } from './layer-context';

/** `Dense` on a flat input: Gemm with the Keras kernel `[in, units]` as B, then the activation. */
export function emitDense(ctx: LayerContext): TensorRef {
  const input = ctx.single('vector');
  const units = ctx.number('units');
  const kernel = ctx.weight('kernel', [input.dims[0], units]);
  const inputs = [
    input.name,
    ctx.graph.addFloatInitializer(ctx.name('kernel'), kernel.shape, kernel.values),
  ];
  if (ctx.boolean('use_bias', true)) {
    const bias = ctx.weight('bias', [units]);
    inputs.push(ctx.graph.addFloatInitializer(ctx.name('bias'), bias.shape, bias.values));
  }
  const name = ctx.graph.addOp('Gemm', inputs, {}, ctx.name('Gemm'));
  return applyActivation(ctx, { name, dims: [units] }, configuredActivation(ctx));
}

/**
 * `Flatten`: Keras flattens channels-last, so an NCHW image is transposed back to NHWC first;
 * with a 1×1 image both orders are the same and the transpose is left out.
 */
export function emitFlatten(ctx: LayerContext): TensorRef {
  const input = ctx.single();
  ctx.requireChannelsLast();
  if (input.dims.length === 1) return input;
  if (input.dims.length !== 3) ctx.fail(`cannot flatten shape [N, ${input.dims.join(', ')}]`);
  const [channels, height, width] = input.dims;
  const source =
    height * width === 1
      ? input.name
      : ctx.graph.addOp(
          'Transpose',
          [input.name],
          { perm: intsAttr([0, 2, 3, 1]) },
          ctx.name('ToNHWC'),
        );
  const name = ctx.graph.addOp('Flatten', [source], { axis: intAttr(1) }, ctx.name('Flatten'));
  return { name, dims: [channels * height * width] };
}

/** `Dropout` and its kin only act while training: at inference they pass their input on. */
export function emitIdentity(ctx: LayerContext): TensorRef {
  return ctx.single();
}

/**
 * `ZeroPadding2D`: `p`, `[ph, pw]` or `[[top, bottom], [left, right]]`. Keeps the asymmetric
 * form as given: MobileNetV2's `[[0, 1], [0, 1]]` pads only the bottom row and right column.
 */
export function emitZeroPadding2D(ctx: LayerContext): TensorRef {
  const input = ctx.single('image');
  ctx.requireChannelsLast();
  const [[top, bottom], [left, right]] = readPadding(ctx);
  const pads = ctx.graph.addInt64Initializer(
    ctx.name('pads'),
    [8],
    [0, 0, top, left, 0, 0, bottom, right],
  );
  const name = ctx.graph.addOp('Pad', [input.name, pads], {}, ctx.name('Pad'));
  const [channels, height, width] = input.dims;
  return { name, dims: [channels, height + top + bottom, width + left + right] };
}

function readPadding(ctx: LayerContext): [[number, number], [number, number]] {
  const value = ctx.layer.config.padding ?? 1;
  const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
  if (isCount(value)) {
    return [
      [value, value],
      [value, value],
    ];
  }
  if (Array.isArray(value) && value.length === 2) {
    const [h, w] = value;
    if (isCount(h) && isCount(w)) {
      return [
        [h, h],
        [w, w],
      ];
    }
    if (Array.isArray(h) && Array.isArray(w) && [...h, ...w].every(isCount)) {
      if (h.length === 2 && w.length === 2) return [h, w] as [[number, number], [number, number]];
    }
  }
  return ctx.fail(`padding ${JSON.stringify(value)} is not supported`);
}
