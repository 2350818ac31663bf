import { decodeWeights, type WeightGroup } from './dequantize';
import { nsfwjsModels } from './nsfwjs-models';
import { readNsfwjsModel } from './nsfwjs-package';

const quantized = (name: string, shape: number[], min: number, scale: number, dtype = 'uint8') => ({
  name,
  shape,
  dtype: 'float32',
  quantization: { dtype, min, scale },
});

describe('decodeWeights', () => {
  it('dequantizes uint8 as min + scale × byte and reads each weight at its own offset', () => {
    const float = new Float32Array([1.5, -2.25]);
    const uint16 = new Uint8Array(4);
    new DataView(uint16.buffer).setUint16(0, 1000, true);
    new DataView(uint16.buffer).setUint16(2, 65535, true);
    const group: WeightGroup = {
      specs: [
        quantized('a/kernel', [2, 2], -1, 0.01),
        { name: 'b/bias', shape: [2], dtype: 'float32' },
        quantized('c/gamma', [2], 0.5, 0.001, 'uint16'),
      ],
      data: Uint8Array.from([0, 1, 128, 255, ...new Uint8Array(float.buffer), ...uint16]),
    };
    const weights = decodeWeights([group]);

    expect(weights.get('a/kernel')).toEqual({
      shape: [2, 2],
      values: Float32Array.from([-1, -1 + 0.01, -1 + 0.01 * 128, -1 + 0.01 * 255]),
    });
    expect(Array.from(weights.get('b/bias')?.values ?? [])).toEqual([1.5, -2.25]);
    expect(Array.from(weights.get('c/gamma')?.values ?? [])).toEqual([
      Math.fround(0.5 + 0.001 * 1000),
      Math.fround(0.5 + 0.001 * 65535),
    ]);
  });

  it('refuses groups whose bytes do not match their specs', () => {
    const spec = quantized('a/kernel', [4], 0, 1);
    expect(() => decodeWeights([{ specs: [spec], data: new Uint8Array(3) }])).toThrow(
      'weight a/kernel: group 1 ends before its data',
    );
    expect(() => decodeWeights([{ specs: [spec], data: new Uint8Array(5) }])).toThrow(
      'weight group 1: specs describe 4 bytes, shards hold 5',
    );
    expect(() =>
      decodeWeights([{ specs: [quantized('a/k', [1], 0, 1, 'float16')], data: new Uint8Array(2) }]),
    ).toThrow('weight a/k: quantization float16 is not supported');
    expect(() => decodeWeights([{ specs: [spec, spec], data: new Uint8Array(8) }])).toThrow(
      'weight a/kernel appears twice',
    );
  });

  it("decodes every weight of nsfwjs's models, using every byte of their shards", () => {
    for (const model of nsfwjsModels) {
      const { weightGroups } = readNsfwjsModel(model.folder);
      const weights = decodeWeights(weightGroups);
      const specs = weightGroups.flatMap((g) => g.specs);
      expect(weights.size).toBe(specs.length);
      const total = weightGroups.reduce((sum, g) => sum + g.data.byteLength, 0);
      const values = [...weights.values()].reduce((sum, w) => sum + w.values.length, 0);
      // uint8 storage: one byte per value.
      expect(values).toBe(total);
      if (model.id === 'mobilenet_v2') expect(total).toBe(2_619_461);
    }
  });
});
