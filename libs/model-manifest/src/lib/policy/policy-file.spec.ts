import { InvalidPolicyFileError, policyFor, validatePolicyFile } from './policy-file';

const manifestPolicy = { reject: { Porn: 0.6 }, review: { Sexy: 0.4 } };
const strict = { reject: { Porn: 0.5, Hentai: 0.5 }, review: { Sexy: 0.3 } };

describe('validatePolicyFile', () => {
  it('accepts a version and thresholds per model', () => {
    const file = { version: '2026-12-02.1', models: { mobilenet_v2: strict } };
    expect(validatePolicyFile(file)).toEqual(file);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', [], /must hold a JSON object/],
    ['no version', { models: {} }, /version must be 1 to 64/],
    ['a version with spaces', { version: 'new one', models: {} }, /version must be/],
    ['no models', { version: '1' }, /models must be an object/],
    [
      'a model id with capitals',
      { version: '1', models: { MobileNet: strict } },
      /models.MobileNet: not a model id/,
    ],
    [
      'a threshold above 1',
      { version: '1', models: { m: { reject: { Porn: 1.5 }, review: {} } } },
      /models.m.reject.Porn must be a number above 0 and at most 1/,
    ],
    [
      'a threshold as text',
      { version: '1', models: { m: { reject: {}, review: { Sexy: '0.4' } } } },
      /models.m.review.Sexy must be a number/,
    ],
    [
      'a missing kind',
      { version: '1', models: { m: { reject: {} } } },
      /models.m.review must be an object/,
    ],
    [
      'an unknown kind',
      { version: '1', models: { m: { reject: {}, review: {}, block: {} } } },
      /models.m.block is not a threshold kind/,
    ],
  ])('refuses %s, naming the problem', (_case, raw, message) => {
    expect(() => validatePolicyFile(raw)).toThrow(InvalidPolicyFileError);
    expect(() => validatePolicyFile(raw)).toThrow(message);
  });
});

describe('policyFor', () => {
  const model = { id: 'mobilenet_v2', version: '4.4.0-c1' };

  it("takes the file's thresholds and version for a model it lists", () => {
    const file = { version: '7', models: { mobilenet_v2: strict } };
    expect(policyFor(model, manifestPolicy, file)).toEqual({ version: '7', thresholds: strict });
  });

  it("keeps the manifest's thresholds, versioned by the model, for a model the file does not list or without a file", () => {
    const expected = { version: 'manifest:mobilenet_v2@4.4.0-c1', thresholds: manifestPolicy };
    expect(policyFor(model, manifestPolicy, { version: '7', models: {} })).toEqual(expected);
    expect(policyFor(model, manifestPolicy, undefined)).toEqual(expected);
  });
});
