import * as tf from '@tensorflow/tfjs';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { seededRandom } from '@moderation/testing';
import { convertKerasModel, type KerasConversionOptions } from './convert-keras-model';
import { decodeWeights, type Weight, type WeightSpec } from './dequantize';
import { useTfjsWasmBackend } from '@moderation/testing/tfjs';

const options: KerasConversionOptions = {
  graphName: 'spec',
  inputName: 'input',
  outputName: 'output',
  producerVersion: 'spec',
  docString: '',
};

/** A hand-written Keras 2 topology: input → the given layer → Dense softmax. */
function topologyWith(layer: { class_name: string; config: Record<string, unknown> }) {
  return {
    model_config: {
      class_name: 'Model',
      config: {
        layers: [
          {
            name: 'input_1',
            class_name: 'InputLayer',
            config: { batch_input_shape: [null, 4, 4, 3], dtype: 'float32' },
            inbound_nodes: [],
          },
          { name: 'odd', ...layer, inbound_nodes: [[['input_1', 0, 0, {}]]] },
        ],
        input_layers: [['input_1', 0, 0]],
        output_layers: [['odd', 0, 0]],
      },
    },
  };
}

/**
 * Every layer type and setting the converter supports, in a small model tfjs builds and runs:
 * asymmetric zero padding, "same" convolutions whose padding is odd (extra cell bottom/right),
 * dilation, depth multiplier, BatchNormalization without scale or centre, ReLU6, "same" pooling
 * at the borders, a flatten of a 3×4 map (channels-last order), concatenations on both ranks.
 * (Depthwise dilation has its own test: tfjs-layers ignores it.)
 */
function buildCoverageModel(): tf.LayersModel {
  const input = tf.input({ shape: [11, 12, 3], name: 'input_1' });
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
    layer.apply(x) as tf.SymbolicTensor;
  const padded = apply(
    tf.layers.zeroPadding2d({
      padding: [
        [0, 1],
        [2, 0],
      ],
      name: 'pad',
    }),
    input,
  );
  const conv = apply(
    tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', name: 'conv' }),
    padded,
  );
  const bn = apply(tf.layers.batchNormalization({ scale: false, name: 'bn' }), conv);
  const relu6 = apply(tf.layers.reLU({ maxValue: 6, name: 'relu6' }), bn);
  const depthwise = apply(
    tf.layers.depthwiseConv2d({
      kernelSize: 3,
      depthMultiplier: 2,
      padding: 'same',
      useBias: true,
      name: 'depthwise',
    }),
    relu6,
  );
  const bn2 = apply(tf.layers.batchNormalization({ center: false, name: 'bn2' }), depthwise);
  const act = apply(tf.layers.activation({ activation: 'relu', name: 'act' }), bn2);
  const dilated = apply(
    tf.layers.conv2d({
      filters: 12,
      kernelSize: 3,
      dilationRate: 2,
      padding: 'same',
      activation: 'tanh',
      name: 'dilated',
    }),
    relu6,
  );
  const sum = apply(tf.layers.add({ name: 'sum' }), [act, dilated]);
  const avg = apply(
    tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'avg' }),
    sum,
  );
  const max = apply(
    tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same', name: 'max' }),
    sum,
  );
  // Softmax over the channels of an image: axis 1 once the graph is NCHW.
  const maxSoftmax = apply(tf.layers.activation({ activation: 'softmax', name: 'softmax' }), max);
  const joined = apply(tf.layers.concatenate({ axis: -1, name: 'joined' }), [avg, maxSoftmax]);
  const gap = apply(tf.layers.globalAveragePooling2d({ name: 'gap' }), joined);
  const flat = apply(tf.layers.flatten({ name: 'flat' }), joined);
  const hidden = apply(tf.layers.dense({ units: 8, activation: 'relu', name: 'hidden' }), flat);
  const both = apply(tf.layers.concatenate({ name: 'both' }), [gap, hidden]);
  const dropped = apply(tf.layers.dropout({ rate: 0.5, name: 'drop' }), both);
  // Linear output: a softmax would saturate and hide differences in the layers before it.
  const output = apply(tf.layers.dense({ units: 5, name: 'out' }), dropped);
  return tf.model({ inputs: input, outputs: output, name: 'coverage' });
}

/** Seeded weights everywhere (tfjs initializers are not seeded), positive variances. */
function seedWeights(model: tf.LayersModel): void {
  const random = seededRandom(42);
  model.setWeights(
    model.weights.map((w) => {
      // Weights have fixed shapes; only activations have a null batch dimension.
      const shape = w.shape as number[];
      const size = shape.reduce((a, b) => a * b, 1);
      const values = Float32Array.from({ length: size }, () =>
        w.name.includes('variance') ? 0.5 + random() : random() * 2 - 1,
      );
      return tf.tensor(values, shape);
    }),
  );
}

async function saveArtifacts(model: tf.LayersModel) {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved?.weightSpecs || !saved.weightData) throw new Error('tfjs saved no weights');
  const parts = Array.isArray(saved.weightData) ? saved.weightData : [saved.weightData];
  const data = new Uint8Array(Buffer.concat(parts.map((p) => new Uint8Array(p))));
  const weights = decodeWeights([{ specs: saved.weightSpecs as WeightSpec[], data }]);
  return { topology: saved.modelTopology, weights };
}

describe('convertKerasModel', () => {
  beforeAll(useTfjsWasmBackend);

  it('matches tfjs on a model using every supported layer type', async () => {
    const model = buildCoverageModel();
    seedWeights(model);
    const { topology, weights } = await saveArtifacts(model);
    const converted = convertKerasModel(topology, weights, options);
    expect(converted).toMatchObject({ height: 11, width: 12, channels: 3, outputSize: 5 });
    expect(converted.outputActivation).toBe('linear');

    const random = seededRandom(7);
    const batch = Float32Array.from({ length: 3 * 11 * 12 * 3 }, () => random());
    const x = tf.tensor4d(batch, [3, 11, 12, 3]);
    const expected = (model.predict(x) as tf.Tensor).dataSync();
    const session = await InferenceSession.create(converted.onnx);
    try {
      const { output } = await session.run({
        input: new Tensor('float32', batch, [3, 11, 12, 3]),
      });
      expect(output.dims).toEqual([3, 5]);
      const actual = output.data as Float32Array;
      // Relative to the logits' size: float32 sums of many terms round differently in each runtime.
      const scale = Math.max(...Array.from(expected, Math.abs));
      const worst = Math.max(...Array.from(expected, (v, i) => Math.abs(v - actual[i])));
      process.stdout.write(
        `coverage model: logits up to ${scale.toFixed(2)}, worst difference ${worst.toExponential(2)}\n`,
      );
      expect(scale).toBeGreaterThan(0.1);
      expect(worst / scale).toBeLessThan(1e-5);
    } finally {
      await session.release();
      x.dispose();
      model.dispose();
    }
  });

  it('dilates DepthwiseConv2D as TensorFlow does (tfjs-layers drops dilation_rate there)', async () => {
    const input = tf.input({ shape: [7, 8, 3], name: 'input_1' });
    const layer = tf.layers.depthwiseConv2d({
      kernelSize: 3,
      depthMultiplier: 2,
      dilationRate: 2,
      padding: 'same',
      name: 'dw',
    });
    const flat = tf.layers.flatten({ name: 'flat' }).apply(layer.apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: flat });
    seedWeights(model);
    const { topology, weights } = await saveArtifacts(model);
    const converted = convertKerasModel(topology, weights, options);

    const random = seededRandom(3);
    const batch = Float32Array.from({ length: 7 * 8 * 3 }, () => random());
    const x = tf.tensor4d(batch, [1, 7, 8, 3]);
    // tfjs's op takes the dilation the layer forgets to pass on.
    const [kernel, bias] = layer.getWeights();
    const expected = tf
      .depthwiseConv2d(x, kernel as tf.Tensor4D, 1, 'same', 'NHWC', 2)
      .add(bias)
      .dataSync();
    const session = await InferenceSession.create(converted.onnx);
    try {
      const { output } = await session.run({
        input: new Tensor('float32', batch, [1, 7, 8, 3]),
      });
      const actual = output.data as Float32Array;
      expect(actual.length).toBe(7 * 8 * 6);
      const worst = Math.max(...Array.from(expected, (v, i) => Math.abs(v - actual[i])));
      expect(worst).toBeLessThan(1e-5);
    } finally {
      await session.release();
      x.dispose();
      model.dispose();
    }
  });

  it('stops at an unknown layer type, naming the layer and its class', () => {
    const topology = topologyWith({ class_name: 'Lambda', config: { function: 'x * 2' } });
    expect(() => convertKerasModel(topology, new Map(), options)).toThrow(
      'layer "odd" (Lambda): layer type not supported',
    );
  });

  it.each([
    [
      'a channels-first convolution',
      {
        class_name: 'Conv2D',
        config: {
          filters: 1,
          kernel_size: [1, 1],
          data_format: 'channels_first',
          padding: 'valid',
        },
      },
      'layer "odd" (Conv2D): data_format "channels_first" is not supported (channels_last)',
    ],
    [
      'causal padding',
      { class_name: 'Conv2D', config: { filters: 1, kernel_size: [1, 1], padding: 'causal' } },
      'layer "odd" (Conv2D): padding "causal" is not supported (valid, same)',
    ],
    [
      'a thresholded ReLU',
      { class_name: 'ReLU', config: { threshold: 0.5 } },
      'layer "odd" (ReLU): threshold 0.5 is not supported (0 only)',
    ],
    [
      'an unknown activation',
      { class_name: 'Activation', config: { activation: 'gelu' } },
      'layer "odd" (Activation): activation "gelu" is not supported',
    ],
    [
      'a missing weight',
      { class_name: 'Conv2D', config: { filters: 1, kernel_size: [1, 1], padding: 'valid' } },
      'layer "odd" (Conv2D): weight odd/kernel is missing',
    ],
  ])('stops at %s, naming the layer', (_what, layer, message) => {
    expect(() => convertKerasModel(topologyWith(layer), new Map(), options)).toThrow(message);
  });

  it('refuses weights that no layer uses', () => {
    const topology = topologyWith({ class_name: 'Flatten', config: {} });
    const weights = new Map<string, Weight>([
      ['ghost/kernel', { shape: [1], values: Float32Array.of(1) }],
    ]);
    expect(() => convertKerasModel(topology, weights, options)).toThrow(
      'weights not used by any layer: ghost/kernel',
    );
  });
});
