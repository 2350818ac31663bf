import { intAttr, intsAttr } from '@moderation/onnx-builder';
import { applyActivation, configuredActivation } from './activations';
import type { LayerContext, TensorRef } from './layer-context';
import { placeWindow } from './spatial';

/**
 * Keras stores kernels as `[kh, kw, in, out]`; ONNX Conv wants `[out, in, kh, kw]`. Output
 * channel `o` of the ONNX weight reads `kernel[y][x][i][o]`.
 */
function toOnnxKernel(values: Float32Array, kh: number, kw: number, cin: number, cout: number) {
  const out = new Float32Array(values.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let i = 0; i < cin; i++) {
        for (let o = 0; o < cout; o++) {
          out[((o * cin + i) * kh + y) * kw + x] = values[((y * kw + x) * cin + i) * cout + o];
        }
      }
    }
  }
  return out;
}

interface ConvPlan {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
  padding: 'valid' | 'same';
}

function readPlan(ctx: LayerContext): ConvPlan {
  ctx.requireChannelsLast();
  const strides = ctx.pair('strides', 1);
  const dilations = ctx.pair('dilation_rate', 1);
  // TensorFlow refuses this combination too; ONNX would accept it with another meaning.
  if (strides.some((s) => s > 1) && dilations.some((d) => d > 1)) {
    ctx.fail('strides > 1 together with dilation_rate > 1 are not supported');
  }
  return {
    kernel: ctx.pair('kernel_size'),
    strides,
    dilations,
    padding: ctx.oneOf('padding', ['valid', 'same']),
  };
}

function emitConv(
  ctx: LayerContext,
  input: TensorRef,
  plan: ConvPlan,
  weight: { name: string; bias: string | null; outChannels: number; group: number },
): TensorRef {
  const placement = placeWindow(ctx, input, plan, plan.padding);
  const name = ctx.graph.addOp(
    'Conv',
    weight.bias ? [input.name, weight.name, weight.bias] : [input.name, weight.name],
    {
      dilations: intsAttr(plan.dilations),
      group: intAttr(weight.group),
      kernel_shape: intsAttr(plan.kernel),
      pads: intsAttr(placement.pads),
      strides: intsAttr(plan.strides),
    },
    ctx.name('Conv'),
  );
  const conv = { name, dims: [weight.outChannels, placement.height, placement.width] };
  return applyActivation(ctx, conv, configuredActivation(ctx));
}

/** `Conv2D`, including grouped convolutions (`groups`, Keras ≥ 2.3). */
export function emitConv2D(ctx: LayerContext): TensorRef {
  const input = ctx.single('image');
  const plan = readPlan(ctx);
  const filters = ctx.number('filters');
  const groups = ctx.number('groups', 1);
  const [channels] = input.dims;
  if (!Number.isInteger(groups) || channels % groups !== 0 || filters % groups !== 0) {
    ctx.fail(`groups ${groups} does not divide ${channels} input and ${filters} output channels`);
  }
  const [kh, kw] = plan.kernel;
  const perGroup = channels / groups;
  const kernel = ctx.weight('kernel', [kh, kw, perGroup, filters]);
  const weightName = ctx.graph.addFloatInitializer(
    ctx.name('W'),
    [filters, perGroup, kh, kw],
    toOnnxKernel(kernel.values, kh, kw, perGroup, filters),
  );
  return emitConv(ctx, input, plan, {
    name: weightName,
    bias: bias(ctx, filters),
    outChannels: filters,
    group: groups,
  });
}

/**
 * `DepthwiseConv2D`: kernel `[kh, kw, C, M]` becomes a Conv with `group = C` and weight
 * `[C·M, 1, kh, kw]`; output channel `c·M + m` is input channel `c` through multiplier `m`,
 * the same order TensorFlow produces.
 */
export function emitDepthwiseConv2D(ctx: LayerContext): TensorRef {
  const input = ctx.single('image');
  const plan = readPlan(ctx);
  const multiplier = ctx.number('depth_multiplier', 1);
  const [channels] = input.dims;
  const [kh, kw] = plan.kernel;
  const kernel = ctx.weight('depthwise_kernel', [kh, kw, channels, multiplier]);
  const outChannels = channels * multiplier;
  const weightName = ctx.graph.addFloatInitializer(
    ctx.name('W'),
    [outChannels, 1, kh, kw],
    toOnnxKernel(kernel.values, kh, kw, 1, outChannels),
  );
  return emitConv(ctx, input, plan, {
    name: weightName,
    bias: bias(ctx, outChannels),
    outChannels,
    group: channels,
  });
}

function bias(ctx: LayerContext, size: number): string | null {
  if (!ctx.boolean('use_bias', true)) return null;
  const values = ctx.weight('bias', [size]).values;
  return ctx.graph.addFloatInitializer(ctx.name('B'), [size], values);
}
