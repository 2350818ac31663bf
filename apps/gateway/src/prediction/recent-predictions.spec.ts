import type { PredictionResult } from '@moderation/contracts';
import { workerResult } from '../testing/fake-prediction';
import { RecentPredictions } from './recent-predictions';

const hour = 3600_000;

function result(prediction: string): PredictionResult {
  // Exact probabilities too: they must come back as they were, not rounded.
  return workerResult({
    prediction,
    probabilities: {
      Drawing: 0.0101,
      Hentai: 0.0011,
      Neutral: 0.9346001,
      Porn: 0.0023,
      Sexy: 0.0518,
    },
  });
}

const charsOf = (value: PredictionResult) => JSON.stringify(value).length;

describe('RecentPredictions', () => {
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    now = Date.UTC(2026, 11, 3, 12);
  });

  it('answers a remembered prediction as an equal object of its own, exact probabilities included', () => {
    const recent = new RecentPredictions(64_000, 24 * hour, clock);
    const neutral = result('Neutral');
    recent.remember('job-a', neutral, now);

    const first = recent.get('job-a');
    expect(first).toEqual(neutral);
    expect(first).not.toBe(neutral);
    if (first) first.scores.Neutral = 0;
    expect(recent.get('job-a')?.scores.Neutral).toBe(0.9346);
    expect(recent.get('job-b')).toBeUndefined();
  });

  it('forgets a prediction when the queue forgets its job, counted from when the job finished', () => {
    const recent = new RecentPredictions(64_000, 24 * hour, clock);
    recent.remember('job-a', result('Neutral'), now - 23 * hour);
    expect(recent.get('job-a')).toBeDefined();

    now += hour;
    expect(recent.get('job-a')).toBeUndefined();

    // A job read from Redis after its window has nothing left to remember.
    recent.remember('job-b', result('Porn'), now - 25 * hour);
    expect(recent.get('job-b')).toBeUndefined();
  });

  it('lets the least recently answered go first when the budget is full', () => {
    const one = charsOf(result('Neutral'));
    const recent = new RecentPredictions(3 * one, 24 * hour, clock);
    recent.remember('job-a', result('Neutral'), now);
    recent.remember('job-b', result('Sexy'), now);
    recent.remember('job-c', result('Porn'), now);
    recent.get('job-a'); // answered again: now the most recent

    recent.remember('job-d', result('Drawing'), now);

    expect(recent.get('job-b')).toBeUndefined();
    expect(recent.get('job-a')?.prediction).toBe('Neutral');
    expect(recent.get('job-c')?.prediction).toBe('Porn');
    expect(recent.get('job-d')?.prediction).toBe('Drawing');
  });

  it('remembers the same job once, however often it is told', () => {
    const one = charsOf(result('Neutral'));
    const recent = new RecentPredictions(2 * one, 24 * hour, clock);
    recent.remember('job-a', result('Neutral'), now);
    recent.remember('job-b', result('Sexy'), now);
    recent.remember('job-b', result('Sexy'), now);

    expect(recent.get('job-a')?.prediction).toBe('Neutral');
    expect(recent.get('job-b')?.prediction).toBe('Sexy');
  });

  it('keeps nothing with a budget of 0, and never drops others for an answer larger than the budget', () => {
    const off = new RecentPredictions(0, 24 * hour, clock);
    off.remember('job-a', result('Neutral'), now);
    expect(off.get('job-a')).toBeUndefined();

    const one = charsOf(result('Neutral'));
    const recent = new RecentPredictions(one + 10, 24 * hour, clock);
    recent.remember('job-a', result('Neutral'), now);
    const huge = { ...result('Neutral'), scores: { ...result('Neutral').scores, Other: 0.5 } };
    recent.remember('job-huge', huge, now);

    expect(recent.get('job-huge')).toBeUndefined();
    expect(recent.get('job-a')?.prediction).toBe('Neutral');
  });
});
