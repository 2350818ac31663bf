import { intAttr, intsAttr } from '@moderation/onnx-builder';
import type { LayerContext, TensorRef } from './layer-context';
import { placeWindow } from './spatial';

function emitPool(ctx: LayerContext, opType: 'MaxPool' | 'AveragePool'): TensorRef {
  const input = ctx.single('image');
  ctx.requireChannelsLast();
  const kernel = ctx.pair('pool_size', 2);
  // Keras: strides default to the pool size.
  const strides = ctx.pair('strides', kernel);
  const padding = ctx.oneOf('padding', ['valid', 'same']);
  const placement = placeWindow(ctx, input, { kernel, strides, dilations: [1, 1] }, padding);
  const attributes = {
    kernel_shape: intsAttr(kernel),
    pads: intsAttr(placement.pads),
    strides: intsAttr(strides),
    // TensorFlow averages over the cells inside the image only; counting the zero padding
    // would darken every border window of a "same" pooling.
    ...(opType === 'AveragePool' ? { count_include_pad: intAttr(0) } : {}),
  };
  const name = ctx.graph.addOp(opType, [input.name], attributes, ctx.name(opType));
  return { name, dims: [input.dims[0], placement.height, placement.width] };
}

export const emitMaxPooling2D = (ctx: LayerContext) => emitPool(ctx, 'MaxPool');
export const emitAveragePooling2D = (ctx: LayerContext) => emitPool(ctx, 'AveragePool');

function emitGlobalPool(ctx: LayerContext, opType: 'GlobalAveragePool' | 'GlobalMaxPool') {
  const input = ctx.single('image');
  ctx.requireChannelsLast();
  const pooled = ctx.graph.addOp(opType, [input.name], {}, ctx.name(opType));
  const [channels] = input.dims;
  if (ctx.boolean('keepdims', false)) return { name: pooled, dims: [channels, 1, 1] };
  // Keras drops the 1×1 spatial axes: [N, C, 1, 1] → [N, C].
  const name = ctx.graph.addOp('Flatten', [pooled], { axis: intAttr(1) }, ctx.name('Flatten'));
  return { name, dims: [channels] };
}

export const emitGlobalAveragePooling2D = (ctx: LayerContext) =>
  emitGlobalPool(ctx, 'GlobalAveragePool');
export const emitGlobalMaxPooling2D = (ctx: LayerContext) => emitGlobalPool(ctx, 'GlobalMaxPool');
