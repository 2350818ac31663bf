import type { ModerationPolicy } from '@moderation/model-manifest';
import { decide } from '@moderation/model-manifest';
import type { Scored } from './scores';
import { unsafeScore, worstFrame } from './worst-frame';

const policy: ModerationPolicy = { reject: { Porn: 0.8 }, review: { Sexy: 0.5, Porn: 0.4 } };

/** A frame as the scorer would give it for these probabilities. */
function frame(probabilities: Record<string, number>): Scored {
  return {
    prediction: 'Neutral',
    score: 0,
    scores: probabilities,
    probabilities,
    ...decide(probabilities, policy),
  };
}

const safe = frame({ Neutral: 0.9, Sexy: 0.05, Porn: 0.05 });
const saferStill = frame({ Neutral: 0.98, Sexy: 0.01, Porn: 0.01 });
const suggestive = frame({ Neutral: 0.4, Sexy: 0.55, Porn: 0.05 });
const moreSuggestive = frame({ Neutral: 0.3, Sexy: 0.65, Porn: 0.05 });
const explicit = frame({ Neutral: 0.1, Sexy: 0.05, Porn: 0.85 });

describe('unsafeScore', () => {
  it('is the probability of the class that decided the verdict', () => {
    expect(unsafeScore(suggestive, policy)).toBe(0.55);
    expect(unsafeScore(explicit, policy)).toBe(0.85);
  });

  it("is the highest probability among the policy's classes for an approval", () => {
    expect(unsafeScore(safe, policy)).toBe(0.05);
    expect(unsafeScore(safe, { reject: {}, review: {} })).toBe(0);
  });
});

describe('worstFrame', () => {
  it('takes the worst verdict wherever it is', () => {
    expect(worstFrame([safe, suggestive, explicit], policy)).toBe(2);
    expect(worstFrame([explicit, suggestive, safe], policy)).toBe(0);
    expect(worstFrame([safe, explicit, suggestive, safe], policy)).toBe(1);
  });

  it('takes the highest unsafe score among equal verdicts', () => {
    expect(worstFrame([suggestive, moreSuggestive, suggestive], policy)).toBe(1);
    expect(worstFrame([saferStill, safe, saferStill], policy)).toBe(1);
  });

  it('takes the first of identical frames', () => {
    expect(worstFrame([safe, safe, safe], policy)).toBe(0);
  });

  it('refuses an empty list', () => {
    expect(() => worstFrame([], policy)).toThrow(RangeError);
  });
});
