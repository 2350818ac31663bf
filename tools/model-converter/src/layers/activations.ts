import { floatAttr, intAttr } from '@moderation/onnx-builder';
import type { LayerContext, TensorRef } from './layer-context';

type Emit = (ctx: LayerContext, x: string) => string;

const unary =
  (opType: string): Emit =>
  (ctx, x) =>
    ctx.graph.addOp(opType, [x], {}, ctx.name(opType));

/** Keras activation names, as in a layer's `activation` setting, and their ONNX form. */
const activations: Record<string, Emit> = {
  relu: unary('Relu'),
  sigmoid: unary('Sigmoid'),
  tanh: unary('Tanh'),
  softplus: unary('Softplus'),
  softsign: unary('Softsign'),
  exponential: unary('Exp'),
  elu: (ctx, x) => ctx.graph.addOp('Elu', [x], { alpha: floatAttr(1) }, ctx.name('Elu')),
  // ONNX's default alpha/gamma are Keras's SELU constants.
  selu: unary('Selu'),
  // Keras 2: clip(0.2·x + 0.5, 0, 1), which is ONNX HardSigmoid with its default alpha and beta.
  hard_sigmoid: unary('HardSigmoid'),
  relu6: (ctx, x) => clip(ctx, x, 0, 6),
  swish: (ctx, x) => {
    const gate = ctx.graph.addOp('Sigmoid', [x], {}, ctx.name('Sigmoid'));
    return ctx.graph.addOp('Mul', [x, gate], {}, ctx.name('Mul'));
  },
  // Keras applies softmax over the last (channels) axis, which is axis 1 of [N, F] and of NCHW.
  softmax: (ctx, x) => ctx.graph.addOp('Softmax', [x], { axis: intAttr(1) }, ctx.name('Softmax')),
};

/** Since opset 11 Clip takes its bounds as inputs; attributes would make the model invalid. */
export function clip(ctx: LayerContext, x: string, min: number | null, max: number | null): string {
  const bounds = [min === null ? '' : ctx.scalar(min), max === null ? '' : ctx.scalar(max)];
  return ctx.graph.addOp('Clip', [x, ...bounds], {}, ctx.name('Clip'));
}

/** Applies a Keras activation by name; `linear` adds nothing. */
export function applyActivation(ctx: LayerContext, x: TensorRef, activation: string): TensorRef {
  if (activation === 'linear') return x;
  const emit = Object.hasOwn(activations, activation) ? activations[activation] : undefined;
  if (!emit) ctx.fail(`activation "${activation}" is not supported`);
  return { name: emit(ctx, x.name), dims: x.dims };
}

/** The `activation` setting of Conv2D, Dense, …; Keras omits it in some layers, meaning linear. */
export function configuredActivation(ctx: LayerContext): string {
  return ctx.string('activation', 'linear');
}

/** `Activation` layer. */
export function emitActivationLayer(ctx: LayerContext): TensorRef {
  return applyActivation(ctx, ctx.single(), ctx.string('activation'));
}

/**
 * `ReLU` layer: x below `threshold` becomes `negative_slope·(x − threshold)`, and x is capped at
 * `max_value`. MobileNetV2's ReLU6 is `max_value: 6`, emitted as Clip(0, 6).
 */
export function emitReluLayer(ctx: LayerContext): TensorRef {
  const input = ctx.single();
  const threshold = ctx.number('threshold', 0);
  const slope = ctx.number('negative_slope', 0);
  const maxValue = ctx.layer.config.max_value == null ? null : ctx.number('max_value');
  if (threshold !== 0) ctx.fail(`threshold ${threshold} is not supported (0 only)`);
  if (slope === 0) {
    const name =
      maxValue === null
        ? ctx.graph.addOp('Relu', [input.name], {}, ctx.name('Relu'))
        : clip(ctx, input.name, 0, maxValue);
    return { name, dims: input.dims };
  }
  const leaky = ctx.graph.addOp(
    'LeakyRelu',
    [input.name],
    { alpha: floatAttr(slope) },
    ctx.name('LeakyRelu'),
  );
  const name = maxValue === null ? leaky : clip(ctx, leaky, null, maxValue);
  return { name, dims: input.dims };
}
