import type { Worker } from 'bullmq';
import type { RedisProbe } from '../redis/redis-probe';

/**
 * Stops a BullMQ worker taking jobs and lets its active ones finish. A graceful close waits on
 * Redis, so while Redis is unreachable (when no job could be completed anyway) the worker closes
 * at once; stalled-job recovery hands any job it held to another worker.
 */
export async function closeWorker(worker: Worker, redis: RedisProbe): Promise<void> {
  const { status } = await redis.ping();
  await worker.close(status === 'down');
}
