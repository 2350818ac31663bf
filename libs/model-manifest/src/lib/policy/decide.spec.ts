import { decide, verdictFor } from './decide';

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
