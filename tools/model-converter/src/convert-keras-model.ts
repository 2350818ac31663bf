import { intsAttr, OnnxGraphBuilder } from '@moderation/onnx-builder';
import type { Weight } from './dequantize';
import { parseKerasTopology, type KerasLayer } from './keras-topology';
import { LayerContext, UnsupportedLayerError, type TensorRef } from './layers/layer-context';
import { layerEmitters } from './layers/layer-emitters';

export interface KerasConversionOptions {
  graphName: string;
  /** Name of the graph input, fed `[N, H, W, C]` float32 exactly as Keras/tfjs would be. */
  inputName: string;
  /** Name of the graph output, `[N, F]`. */
  outputName: string;
  producerVersion: string;
  docString: string;
  metadata?: Readonly<Record<string, string>>;
}

export interface ConvertedModel {
  onnx: Uint8Array;
  height: number;
  width: number;
  channels: number;
  outputSize: number;
  /** The output layer's activation, e.g. `softmax` (probabilities) or `linear` (logits). */
  outputActivation: string;
}

export const opsetVersion = 13;

/**
 * Turns a Keras functional image classifier (single NHWC input, flat output) into ONNX. The graph
 * takes the NHWC tensor the Keras model takes and transposes it to NCHW once, since ONNX's Conv
 * and pooling ops are NCHW. Layers are emitted in topological order, so the same model always
 * gives the same bytes; every weight must be used by some layer.
 */
export function convertKerasModel(
  topology: unknown,
  weights: ReadonlyMap<string, Weight>,
  options: KerasConversionOptions,
): ConvertedModel {
  const keras = parseKerasTopology(topology);
  if (keras.inputs.length !== 1 || keras.outputs.length !== 1) {
    throw new Error('only models with one input and one output are supported');
  }
  const graph = new OnnxGraphBuilder(options.graphName);
  const outputs = new Map<string, TensorRef>();
  const used = new Set<string>();
  let inputShape: [number, number, number] | undefined;

  for (const layer of keras.layers) {
    if (layer.className === 'InputLayer') {
      if (layer.name !== keras.inputs[0]) throw new UnsupportedLayerError(layer, 'extra input');
      inputShape = readInputShape(layer);
      outputs.set(layer.name, emitInput(graph, options.inputName, inputShape));
      continue;
    }
    const emit = Object.hasOwn(layerEmitters, layer.className)
      ? layerEmitters[layer.className]
      : undefined;
    if (!emit) throw new UnsupportedLayerError(layer, 'layer type not supported');
    const inputs = layer.inbound.map((source) => {
      const tensor = outputs.get(source);
      if (!tensor) throw new UnsupportedLayerError(layer, `input ${source} was not converted`);
      return tensor;
    });
    outputs.set(layer.name, emit(new LayerContext(graph, layer, inputs, weights, used)));
  }

  const result = outputs.get(keras.outputs[0]);
  if (!inputShape || !result) throw new Error('the model has no input layer or no output');
  if (result.dims.length !== 1) {
    throw new Error(`the output has shape [N, ${result.dims.join(', ')}]; expected [N, classes]`);
  }
  graph.addOp('Identity', [result.name], {}, options.outputName);
  graph.addOutput(options.outputName, ['N', result.dims[0]]);

  const unused = [...weights.keys()].filter((name) => !used.has(name));
  if (unused.length > 0) {
    throw new Error(`weights not used by any layer: ${unused.slice(0, 10).join(', ')}`);
  }

  const outputLayer = keras.layers.find((l) => l.name === keras.outputs[0]);
  const activation = outputLayer?.config.activation;
  return {
    onnx: graph.toBytes({
      producerName: 'tools/model-converter',
      producerVersion: options.producerVersion,
      opsetVersion,
      docString: options.docString,
      metadata: options.metadata,
    }),
    height: inputShape[0],
    width: inputShape[1],
    channels: inputShape[2],
    outputSize: result.dims[0],
    outputActivation:
      outputLayer?.className === 'Softmax'
        ? 'softmax'
        : typeof activation === 'string'
          ? activation
          : 'linear',
  };
}

/** `[H, W, C]` of the input; sizes must be fixed, since "same" padding is computed from them. */
function readInputShape(layer: KerasLayer): [number, number, number] {
  // Keras 2 / tfjs write batch_input_shape, Keras 3 batch_shape.
  const shape = layer.config.batch_input_shape ?? layer.config.batch_shape;
  const dtype = layer.config.dtype ?? 'float32';
  if (dtype !== 'float32') throw new UnsupportedLayerError(layer, `dtype ${String(dtype)}`);
  if (layer.config.sparse === true || layer.config.ragged === true) {
    throw new UnsupportedLayerError(layer, 'sparse or ragged inputs are not supported');
  }
  if (
    !Array.isArray(shape) ||
    shape.length !== 4 ||
    !shape.slice(1).every((d) => Number.isInteger(d) && d > 0)
  ) {
    throw new UnsupportedLayerError(
      layer,
      `input shape ${JSON.stringify(shape)} is not [batch, height, width, channels] with fixed sizes`,
    );
  }
  return [shape[1], shape[2], shape[3]];
}

function emitInput(
  graph: OnnxGraphBuilder,
  inputName: string,
  [height, width, channels]: [number, number, number],
): TensorRef {
  graph.addInput(inputName, ['N', height, width, channels]);
  const name = graph.addOp(
    'Transpose',
    [inputName],
    { perm: intsAttr([0, 3, 1, 2]) },
    `${inputName}/ToNCHW`,
  );
  return { name, dims: [channels, height, width] };
}
