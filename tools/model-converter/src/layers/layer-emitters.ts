import { emitActivationLayer, emitReluLayer } from './activations';
import { emitConv2D, emitDepthwiseConv2D } from './convolution';
import { emitDense, emitFlatten, emitIdentity, emitZeroPadding2D } from './core';
import type { LayerContext, TensorRef } from './layer-context';
import {
  emitAdd,
  emitAverage,
  emitConcatenate,
  emitMaximum,
  emitMinimum,
  emitMultiply,
  emitSubtract,
} from './merge';
import { emitBatchNormalization } from './normalization';
import {
  emitAveragePooling2D,
  emitGlobalAveragePooling2D,
  emitGlobalMaxPooling2D,
  emitMaxPooling2D,
} from './pooling';

/** Appends a layer's ONNX nodes and returns the tensor holding the layer's output. */
export type LayerEmitter = (ctx: LayerContext) => TensorRef;

/**
 * Every Keras layer class the converter knows, by `class_name`. A class missing here stops the
 * conversion with its name (`InputLayer` is the graph input, handled by the assembly).
 */
export const layerEmitters: Readonly<Record<string, LayerEmitter>> = {
  Activation: emitActivationLayer,
  Add: emitAdd,
  Average: emitAverage,
  AveragePooling2D: emitAveragePooling2D,
  BatchNormalization: emitBatchNormalization,
  Concatenate: emitConcatenate,
  Conv2D: emitConv2D,
  Dense: emitDense,
  DepthwiseConv2D: emitDepthwiseConv2D,
  Dropout: emitIdentity,
  Flatten: emitFlatten,
  GlobalAveragePooling2D: emitGlobalAveragePooling2D,
  GlobalMaxPooling2D: emitGlobalMaxPooling2D,
  MaxPooling2D: emitMaxPooling2D,
  Maximum: emitMaximum,
  Minimum: emitMinimum,
  Multiply: emitMultiply,
  ReLU: emitReluLayer,
  SpatialDropout2D: emitIdentity,
  Subtract: emitSubtract,
  ZeroPadding2D: emitZeroPadding2D,
};
