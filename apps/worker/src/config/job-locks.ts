import type { Processor } from '@nestjs/bullmq';
import type { WorkerEnv } from './worker-env';

/** What `@Processor` takes as worker options. */
type NestWorkerOptions = Parameters<typeof Processor>[1];

const lockedOptions: NestWorkerOptions[] = [];

/**
 * A processor's worker options, to which {@link applyJobLocks} adds the configured job lock
 * settings. `@Processor` options are fixed when the classes load, before the configuration is
 * read, and Nest creates the BullMQ workers from them only later: the decorator keeps this very
 * object, which is filled in between.
 */
export function withJobLocks(options: NestWorkerOptions = {}): NestWorkerOptions {
  lockedOptions.push(options);
  return options;
}

export function applyJobLocks(env: WorkerEnv): void {
  for (const options of lockedOptions) {
    options.lockDuration = env.JOB_LOCK_MS;
    options.stalledInterval = env.JOB_LOCK_MS;
  }
}
