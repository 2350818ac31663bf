import type { ModelManifest } from '@moderation/model-manifest';
import { decide, round4, scoreOutput, softmax, verdictFor } from './scores';

const policy = {
  reject: { Porn: 0.6, Hentai: 0.6 },
  review: { Porn: 0.25, Hentai: 0.25, Sexy: 0.4 },
};

describe('verdictFor', () => {
  it('approves a neutral photo', () => {
    expect(verdictFor({ Neutral: 0.9, Porn: 0.05, Sexy: 0.05 }, policy)).toBe('approved');
  });

  it('sends a borderline photo to review', () => {
    expect(verdictFor({ Neutral: 0.5, Sexy: 0.45, Porn: 0.05 }, policy)).toBe('review');
    expect(verdictFor({ Neutral: 0.7, Porn: 0.3 }, policy)).toBe('review');
  });

  it('rejects when a reject threshold is reached, even if a review one is too', () => {
    expect(verdictFor({ Porn: 0.6, Sexy: 0.4 }, policy)).toBe('rejected');
  });

  it('approves everything under an empty policy', () => {
    expect(verdictFor({ cat: 1 }, { reject: {}, review: {} })).toBe('approved');
  });
});

describe('decide', () => {
  it('names the threshold that decided a rejection, not a review one also reached', () => {
    expect(decide({ Porn: 0.61234, Sexy: 0.39, Hentai: 0.3 }, policy)).toEqual({
      verdict: 'rejected',
      reason: { label: 'Porn', score: 0.6123, threshold: 0.6 },
    });
  });

  it('picks the class past its threshold by the widest margin', () => {
    expect(decide({ Porn: 0.26, Sexy: 0.55 }, policy).reason).toEqual({
      label: 'Sexy',
      score: 0.55,
      threshold: 0.4,
    });
  });

  it('gives no reason for an approval', () => {
    expect(decide({ Neutral: 0.9, Sexy: 0.1 }, policy)).toEqual({
      verdict: 'approved',
      reason: null,
    });
  });
});

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
    });
  });

  it('rounds scores to 4 decimals', () => {
    expect(round4(0.934649)).toBe(0.9346);
    expect(round4(0.93466)).toBe(0.9347);
  });
});
