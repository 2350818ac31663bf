import type { EventEmitter } from 'node:events';
import type { PredictionResult } from '@moderation/contracts';

/** What a finished job left in Redis: its result, or why it failed. */
export type FinishedJob = { returnvalue: PredictionResult } | { failedReason: string };

/** A wait for a job's outcome that began before the job was added. */
export interface ExpectedJob {
  /** The job's result; rejects with its failure, or after the timeout. */
  outcome: Promise<PredictionResult>;
  /** Stops waiting (the job was not added after all); `outcome` then never settles. */
  cancel(): void;
}

/**
 * Waits for a job about to be added under an id no job had before (a photo stored for the first
 * time), on BullMQ queue events (`completed:<id>`, `failed:<id>`, `duplicated:<id>`). Listening
 * starts before the add, so the job cannot finish unheard, and no look at the job is needed after
 * the add as `waitUntilFinished` makes: a Redis round trip less per new photo. `finished` looks at
 * the job in the two cases where its end may have gone unheard: the add found the id taken
 * (`duplicated`: that job may have finished before anyone listened), or no end was heard within
 * `timeoutMs`; the wait then fails with a message that says it timed out.
 */
export function expectJob(
  events: EventEmitter,
  jobId: string,
  timeoutMs: number,
  finished: () => Promise<FinishedJob | undefined>,
): ExpectedJob {
  const completed = `completed:${jobId}`;
  const failed = `failed:${jobId}`;
  const duplicated = `duplicated:${jobId}`;
  let stop = (): void => undefined;
  const outcome = new Promise<PredictionResult>((resolve, reject) => {
    const settle = (job: FinishedJob) => {
      stop();
      if ('returnvalue' in job) resolve(job.returnvalue);
      else reject(new Error(job.failedReason));
    };
    const look = (notFinished: () => void) =>
      finished().then(
        (job) => (job ? settle(job) : notFinished()),
        (error: unknown) => {
          stop();
          reject(error);
        },
      );
    // Still running: its end is yet to come, and heard.
    const onDuplicated = () => void look(() => undefined);
    const timer = setTimeout(
      () =>
        void look(() => {
          stop();
          reject(new Error(`no answer to job ${jobId}: timed out after ${timeoutMs} ms`));
        }),
      timeoutMs,
    );
    stop = () => {
      clearTimeout(timer);
      events.off(completed, settle);
      events.off(failed, settle);
      events.off(duplicated, onDuplicated);
    };
    events.on(completed, settle);
    events.on(failed, settle);
    events.on(duplicated, onDuplicated);
  });
  // The request may have stopped waiting (its Redis deadline passed while the add was held up);
  // a failure that then comes unawaited must not count as an unhandled rejection.
  outcome.catch(() => undefined);
  return { outcome, cancel: () => stop() };
}
