import type { DefaultJobOptions } from 'bullmq';
import { QueueName } from './queue-names';

/**
 * Options every job of a queue gets. Finished jobs are kept for a bounded time and count so the
 * gateway can still read a result that completed just before it subscribed, without Redis
 * growing forever.
 */
export const defaultJobOptions: Record<QueueName, DefaultJobOptions> = {
  [QueueName.Prediction]: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 200 },
    removeOnComplete: { age: 300, count: 10_000 },
    removeOnFail: { age: 24 * 3600, count: 10_000 },
  },
  // A report must never be lost: it is retried for about a day (a full disk, an unmounted
  // volume) and, if it still fails, kept in Redis for an operator to retry.
  [QueueName.Feedback]: {
    attempts: 300,
    backoff: { type: 'fixed', delay: 5_000 },
    removeOnComplete: { age: 3600, count: 1_000 },
    removeOnFail: false,
  },
};
