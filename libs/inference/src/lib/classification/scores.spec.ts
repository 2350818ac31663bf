import type { ModelManifest } from '@moderation/model-manifest';
import { round4, scoreOutput, softmax } from './scores';

const policy = {
  reject: { Porn: 0.6, Hentai: 0.6 },
  review: { Porn: 0.25, Hentai: 0.25, Sexy: 0.4 },
};

describe('softmax', () => {
  it('turns logits into probabilities that sum to 1, keeping their order', () => {
    const p = softmax([2, 1, 0.1]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[0]).toBeCloseTo(0.659, 3);
    expect(p[0]).toBeGreaterThan(p[1]);
  });

  it('does not overflow on large logits', () => {
    expect(softmax([1000, 1000])).toEqual([0.5, 0.5]);
  });
});

describe('scoreOutput', () => {
  const manifest = {
    labels: ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'],
    output: { kind: 'probabilities' },
    policy,
  } as unknown as ModelManifest;

  it('reports the top class, every score to 4 decimals, and the verdict', () => {
    expect(scoreOutput([0.01, 0.02, 0.123456, 0.59996, 0.246584], manifest)).toEqual({
      prediction: 'Porn',
      score: 0.6,
      scores: { Drawing: 0.01, Hentai: 0.02, Neutral: 0.1235, Porn: 0.6, Sexy: 0.2466 },
      // 0.59996 rounds to 0.6 but stays under the reject threshold.
      verdict: 'review',
      reason: { label: 'Porn', score: 0.6, threshold: 0.25 },
      probabilities: {
        Drawing: 0.01,
        Hentai: 0.02,
        Neutral: 0.123456,
        Porn: 0.59996,
        Sexy: 0.246584,
      },
    });
  });

  it('rounds scores to 4 decimals', () => {
    expect(round4(0.934649)).toBe(0.9346);
    expect(round4(0.93466)).toBe(0.9347);
  });
});
