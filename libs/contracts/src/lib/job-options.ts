import type { DefaultJobOptions } from 'bullmq';
import { QueueName } from './queue-names';

/**
 * How long a finished prediction is kept, and so reused for the same bytes and model version:
 * gateways that remember answers in memory forget them after the same time.
 */
export const predictionKeptSeconds = 24 * 3600;

/**
 * Options every job of a queue gets. Finished jobs are kept for a bounded time and count, so a
 * result can be read after the fact (and reused) without Redis growing forever.
 */
export const defaultJobOptions: Record<QueueName, DefaultJobOptions> = {
  [QueueName.Prediction]: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 200 },
    // A finished prediction is also the reused answer for the same bytes and model version
    // (see predictionJobId), so it is kept for a day, at most 50,000 of them.
    removeOnComplete: { age: predictionKeptSeconds, count: 50_000 },
    removeOnFail: { age: predictionKeptSeconds, count: 10_000 },
  },

  // A report must never be lost: it is retried for about a day (a full disk, an unmounted
  // volume) and, if it still fails, kept in Redis for an operator to retry.
  [QueueName.Feedback]: {
    attempts: 300,
    backoff: { type: 'fixed', delay: 5_000 },
    removeOnComplete: { age: 3600, count: 1_000 },
    removeOnFail: false,
  },

  // A review item ends only with a person's decision: never retried by BullMQ (a moderator who
  // walks away lets the lock lapse and the item returns through the stalled check instead).
  // The decision also lives in the moderation's record, so the finished job is kept a week.
  [QueueName.Review]: {
    attempts: 1,
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },

  // Delivery is at least once: the processor retries with its own capped back-off until the
  // event is WEBHOOK_MAX_AGE old (attempts is only a ceiling), then gives up for good.
  [QueueName.Webhook]: {
    attempts: 10_000,
    backoff: { type: 'capped-exponential' },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },

  // A batch photo is retried like a prediction; its job is the batch's record of the item.
  [QueueName.Batch]: {
    // About an hour of retries: a batch outlives a short outage of the workers.
    attempts: 12,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },

  // Stills for a person who may look minutes later: a few retries over about a minute (a busy
  // disk), then the page shows the photo without them. Kept a day, so the same animation sent to
  // review again finds its job done (see frameStripJobId) instead of drawing it twice.
  [QueueName.FrameStrip]: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
};
