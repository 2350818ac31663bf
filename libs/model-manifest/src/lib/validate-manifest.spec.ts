import { InvalidManifestError, validateManifest } from './validate-manifest';

const valid = {
  id: 'resnet50',
  version: '1.0',
  file: 'resnet50.onnx',
  input: { name: 'data', layout: 'NCHW', height: 224, width: 224, channelOrder: 'RGB' },
  output: { name: 'logits', kind: 'logits' },
  preprocess: {
    resize: { method: 'sharp', kernel: 'lanczos3', fit: 'cover' },
    scale: 1 / 255,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
  },
  labels: ['cat', 'dog'],
  policy: { reject: {}, review: { dog: 0.5 } },
};

describe('validateManifest', () => {
  it('accepts a manifest for any ONNX classifier', () => {
    expect(validateManifest(valid, 'resnet50.json').id).toBe('resnet50');
  });

  it('names every bad field and the file', () => {
    const broken = {
      ...valid,
      input: { ...valid.input, layout: 'HWC' },
      policy: { reject: { bird: 2 }, review: {} },
    };
    expect(() => validateManifest(broken, 'models/resnet50.json')).toThrow(InvalidManifestError);
    expect(() => validateManifest(broken, 'models/resnet50.json')).toThrow(
      /models\/resnet50\.json[\s\S]*input\.layout: NHWC or NCHW[\s\S]*policy\.reject\.bird: not one of the labels/,
    );
  });

  it('takes a decode mode, exact or fast, and none', () => {
    const fast = { ...valid, preprocess: { ...valid.preprocess, decode: 'fast' } };
    expect(validateManifest(fast, 'm.json').preprocess.decode).toBe('fast');
    expect(validateManifest(valid, 'm.json').preprocess.decode).toBeUndefined();
  });

  it('refuses a model file outside the manifest folder', () => {
    expect(() => validateManifest({ ...valid, file: '../etc/model.onnx' }, 'm.json')).toThrow(
      /file:/,
    );
  });

  it.each([
    [
      'a sharp resize without its kernel',
      { preprocess: { ...valid.preprocess, resize: { method: 'sharp', fit: 'cover' } } },
      /preprocess\.resize\.kernel: one of nearest/,
    ],
    ['a label twice', { labels: ['cat', 'cat'] }, /labels: at least two distinct class names/],
    [
      'a zero standard deviation',
      { preprocess: { ...valid.preprocess, std: [1, 0, 1] } },
      /preprocess\.std: three positive numbers/,
    ],
    [
      'a threshold over 1',
      { policy: { reject: {}, review: { dog: 1.5 } } },
      /policy\.review\.dog: a number from 0 to 1/,
    ],
    [
      'no review thresholds',
      { policy: { reject: {} } },
      /policy\.review: an object of class name to threshold/,
    ],
    ['a short sha256', { sha256: 'abc' }, /sha256: 64 hex digits/],
    [
      'an unknown decode mode',
      { preprocess: { ...valid.preprocess, decode: 'quick' } },
      /preprocess\.decode: exact or fast/,
    ],
    [
      'a height of zero',
      { input: { ...valid.input, height: 0 } },
      /input\.height: a positive integer/,
    ],
  ])('refuses %s, saying which field and why', (_case, change, message) => {
    expect(() => validateManifest({ ...valid, ...change }, 'm.json')).toThrow(message);
  });
});
