import { InferenceSession, Tensor } from 'onnxruntime-node';
import { floatAttr, intAttr, intsAttr, stringAttr } from './attributes';
import { OnnxGraphBuilder } from './onnx-graph-builder';

const options = { producerName: 'onnx-builder-spec', producerVersion: '1' };

async function run(
  bytes: Uint8Array,
  feeds: Record<string, Tensor>,
): Promise<Record<string, Tensor>> {
  const session = await InferenceSession.create(bytes);
  try {
    return (await session.run(feeds)) as Record<string, Tensor>;
  } finally {
    await session.release();
  }
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i] - expected[i]) > tolerance) {
      throw new Error(`index ${i}: got ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

/** y = softmax(relu(x·W + b)) with a symbolic batch size. */
function denseGraph(): OnnxGraphBuilder {
  const graph = new OnnxGraphBuilder('dense');
  graph.addInput('x', ['N', 3]);
  graph.addFloatInitializer('w', [3, 2], Float32Array.from([1, -1, 2, 0.5, -3, 1]));
  graph.addFloatInitializer('b', [2], Float32Array.from([0.25, -0.5]));
  const gemm = graph.addOp('Gemm', ['x', 'w', 'b']);
  const relu = graph.addOp('Relu', [gemm]);
  graph.addOp('Softmax', [relu], { axis: intAttr(-1) }, 'y');
  graph.addOutput('y', ['N', 2]);
  return graph;
}

function denseReference(x: number[]): number[] {
  const z = [
    Math.max(0, x[0] * 1 + x[1] * 2 + x[2] * -3 + 0.25),
    Math.max(0, x[0] * -1 + x[1] * 0.5 + x[2] * 1 - 0.5),
  ];
  const e = z.map(Math.exp);
  return e.map((v) => v / (e[0] + e[1]));
}

describe('OnnxGraphBuilder', () => {
  it('builds a Gemm/Relu/Softmax graph that ONNX Runtime runs for any batch size', async () => {
    const bytes = denseGraph().toBytes(options);
    for (const rows of [
      [[0.5, 1, -0.25]],
      [
        [1, 2, 3],
        [-1, 0.5, 0],
        [0, 0, 0],
      ],
    ]) {
      const x = new Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 3]);
      const { y } = await run(bytes, { x });
      expect(y.dims).toEqual([rows.length, 2]);
      expectClose(y.data as Float32Array, rows.flatMap(denseReference));
    }
  });

  it('declares the symbolic batch dimension on the input', async () => {
    const session = await InferenceSession.create(denseGraph().toBytes(options));
    try {
      const [input] = session.inputMetadata;
      expect(input).toMatchObject({ name: 'x', isTensor: true, type: 'float32', shape: ['N', 3] });
    } finally {
      await session.release();
    }
  });

  it('writes INTS/STRING attributes a strided, padded, grouped Conv honours', async () => {
    // Two groups of one channel each, 2×2 kernels, stride 2, one row of padding at the bottom only.
    const graph = new OnnxGraphBuilder('conv');
    graph.addInput('x', [1, 2, 3, 4]);
    const kernel = [1, 2, 3, 4, -1, 0, 0, 1];
    graph.addFloatInitializer('w', [2, 1, 2, 2], Float32Array.from(kernel));
    graph.addFloatInitializer('b', [2], Float32Array.from([10, 20]));
    graph.addOp(
      'Conv',
      ['x', 'w', 'b'],
      {
        auto_pad: stringAttr('NOTSET'),
        group: intAttr(2),
        kernel_shape: intsAttr([2, 2]),
        pads: intsAttr([0, 0, 1, 0]),
        strides: intsAttr([2, 2]),
      },
      'y',
    );
    graph.addOutput('y', [1, 2, 2, 2]);
    const x = Array.from({ length: 24 }, (_, i) => i);
    const { y } = await run(graph.toBytes(options), {
      x: new Tensor('float32', Float32Array.from(x), [1, 2, 3, 4]),
    });

    // Direct convolution: rows beyond the image read zeros.
    const at = (c: number, r: number, col: number) => (r < 3 ? x[c * 12 + r * 4 + col] : 0);
    const expected: number[] = [];
    for (let c = 0; c < 2; c++) {
      for (let oy = 0; oy < 2; oy++) {
        for (let ox = 0; ox < 2; ox++) {
          let sum = c === 0 ? 10 : 20;
          for (let ky = 0; ky < 2; ky++) {
            for (let kx = 0; kx < 2; kx++) {
              sum += kernel[c * 4 + ky * 2 + kx] * at(c, oy * 2 + ky, ox * 2 + kx);
            }
          }
          expected.push(sum);
        }
      }
    }
    expect(y.dims).toEqual([1, 2, 2, 2]);
    expectClose(y.data as Float32Array, expected);
  });

  it('feeds int64 and scalar initializers as inputs (Pad pads, Clip min/max)', async () => {
    const graph = new OnnxGraphBuilder('pad-clip');
    graph.addInput('x', [1, 1, 1, 2]);
    const pads = graph.addInt64Initializer('pads', [8], [0, 0, 0, 1, 0, 0, 1, 0]);
    const padded = graph.addOp('Pad', ['x', pads], { mode: stringAttr('constant') });
    const low = graph.addFloatInitializer('low', [], Float32Array.of(0.5));
    const high = graph.addFloatInitializer('high', [], Float32Array.of(6));
    graph.addOp('Clip', [padded, low, high], {}, 'y');
    graph.addOutput('y', [1, 1, 2, 3]);
    const { y } = await run(graph.toBytes(options), {
      x: new Tensor('float32', Float32Array.of(-2, 9), [1, 1, 1, 2]),
    });
    expect(y.dims).toEqual([1, 1, 2, 3]);
    // The left column and the bottom row are padding (0, clipped up to 0.5).
    expectClose(y.data as Float32Array, [0.5, 0.5, 6, 0.5, 0.5, 0.5]);
  });

  it('serializes the same graph to the same bytes, whatever order attributes are listed in', () => {
    const build = (reversed: boolean) => {
      const graph = new OnnxGraphBuilder('g');
      graph.addInput('x', ['N', 4]);
      const attributes = { alpha: floatAttr(0.5), beta: floatAttr(0.25), transB: intAttr(1) };
      const ordered = reversed
        ? Object.fromEntries(Object.entries(attributes).reverse())
        : attributes;
      graph.addFloatInitializer('w', [2, 4], Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
      graph.addOp('Gemm', ['x', 'w'], ordered, 'y');
      graph.addOutput('y', ['N', 2]);
      return graph.toBytes({ ...options, metadata: { b: '2', a: '1' } });
    };
    const first = build(false);
    expect(Buffer.from(build(false)).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(build(true)).equals(Buffer.from(first))).toBe(true);
  });

  it('names the culprit when a graph is malformed', () => {
    const graph = new OnnxGraphBuilder('bad');
    graph.addInput('x', [1]);
    expect(() => graph.addOp('Relu', ['missing'], {}, 'y')).toThrow(
      'node y (Relu) reads missing, which does not exist yet',
    );
    expect(() => graph.addFloatInitializer('w', [2, 2], new Float32Array(3))).toThrow(
      'initializer w: dims [2, 2] need 4 values, got 3',
    );
    expect(() => graph.addFloatInitializer('nan', [1], Float32Array.of(NaN))).toThrow('not finite');
    expect(() => graph.addOp('Relu', ['x'], {}, 'x')).toThrow('tensor name x used twice');
    expect(() => graph.addOp('Flatten', ['x'], { axis: intAttr(0.5) })).toThrow(
      'attribute axis: 0.5 is not an integer',
    );
    graph.addOutput('never', [1]);
    expect(() => graph.toBytes(options)).toThrow('output never is not produced by any node');
    expect(() => denseGraph().toBytes({ ...options, opsetVersion: 11 })).toThrow('opset 11');
  });

  it('hands out fresh names', () => {
    const graph = new OnnxGraphBuilder('names');
    graph.addInput('x', [1]);
    expect(graph.uniqueName('x')).toBe('x_2');
    expect(graph.addOp('Relu', ['x'])).toBe('Relu');
    expect(graph.addOp('Relu', ['Relu'])).toBe('Relu_2');
  });
});
