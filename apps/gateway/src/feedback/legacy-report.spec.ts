import { parseLegacyReport } from './legacy-report';

describe('parseLegacyReport', () => {
  it("reads the original service's report field", () => {
    expect(
      parseLegacyReport("{'filename': 'ab12.jpg', 'prediction': 'Sexy', 'score': 0.9346 }"),
    ).toEqual({ filename: 'ab12.jpg', prediction: 'Sexy', score: 0.9346 });
  });

  it('reads Python floats written as `1.` and double quotes', () => {
    expect(parseLegacyReport('{"filename": "x.png", "prediction": "Porn", "score": 1.}')).toEqual({
      filename: 'x.png',
      prediction: 'Porn',
      score: 1,
    });
  });

  it('keeps quotes and commas inside values', () => {
    expect(parseLegacyReport("{'comment': 'it\\'s fine, really', 'score': 0}")).toEqual({
      comment: "it's fine, really",
      score: 0,
    });
  });

  it.each([
    ['JSON-ish garbage', "{'filename': }"],
    ['not a dict', "['a', 'b']"],
    ['a nested dict', "{'a': {'b': 1}}"],
    ['code', "__import__('os').system('ls')"],
    ['an unquoted key', '{filename: 1}'],
  ])('refuses %s', (_name, text) => {
    expect(parseLegacyReport(text)).toBeUndefined();
  });
});
