import { defaultJobOptions, QueueName } from '@moderation/contracts';
import {
  cappedExponentialBackoff,
  cappedExponentialDelay,
  cappedExponentialStrategy,
} from './webhook-backoff';

describe('capped exponential backoff', () => {
  it('doubles from the base after each failed attempt', () => {
    expect([1, 2, 3, 4, 5].map((n) => cappedExponentialDelay(n, 1000, 3_600_000))).toEqual([
      1000, 2000, 4000, 8000, 16000,
    ]);
  });

  it('never waits longer than the cap', () => {
    expect(cappedExponentialDelay(5, 200, 2000)).toBe(2000);
    expect(cappedExponentialDelay(13, 1000, 3_600_000)).toBe(3_600_000);
    expect(cappedExponentialDelay(10_000, 1000, 3_600_000)).toBe(3_600_000);
  });

  it('treats a first attempt that did not count as the base', () => {
    expect(cappedExponentialDelay(0, 200, 2000)).toBe(200);
  });

  it('is what the webhook queue asks for', () => {
    expect(defaultJobOptions[QueueName.Webhook].backoff).toEqual({
      type: cappedExponentialBackoff,
    });
    expect(cappedExponentialStrategy(200, 2000)(3, cappedExponentialBackoff)).toBe(800);
  });
});
