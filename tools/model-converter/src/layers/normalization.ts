import { floatAttr } from '@moderation/onnx-builder';
import type { LayerContext, TensorRef } from './layer-context';

/**
 * `BatchNormalization` in inference mode, emitted as the ONNX op (ONNX Runtime folds it into the
 * preceding Conv itself). With `scale: false` there is no gamma (InceptionV3): it is 1; with
 * `center: false` there is no beta: it is 0.
 */
export function emitBatchNormalization(ctx: LayerContext): TensorRef {
  const input = ctx.single();
  const rank = input.dims.length + 1;
  const axis = ctx.number('axis', -1);
  // The normalized axis must be the channels: last in Keras, axis 1 of NCHW and of [N, F].
  if (axis !== -1 && axis !== rank - 1) {
    ctx.fail(`axis ${axis} is not supported: only the channels axis (-1 or ${rank - 1})`);
  }
  const [channels] = input.dims;
  const param = (name: string, enabled: boolean, fallback: number): string => {
    const values = enabled
      ? ctx.weight(name, [channels]).values
      : new Float32Array(channels).fill(fallback);
    return ctx.graph.addFloatInitializer(ctx.name(name), [channels], values);
  };
  const gamma = param('gamma', ctx.boolean('scale', true), 1);
  const beta = param('beta', ctx.boolean('center', true), 0);
  const mean = param('moving_mean', true, 0);
  const variance = param('moving_variance', true, 1);
  const name = ctx.graph.addOp(
    'BatchNormalization',
    [input.name, gamma, beta, mean, variance],
    { epsilon: floatAttr(ctx.number('epsilon', 1e-3)) },
    ctx.name('BatchNormalization'),
  );
  return { name, dims: input.dims };
}
