import { UnrecoverableError } from 'bullmq';
import type {
  JobDataOf,
  JobResultOf,
  QueueJobs,
  QueueName,
  ReceivedJobOf,
} from '@moderation/contracts';

/**
 * One handler per job name of a queue, each given the payload its name carries. A job name
 * added to a queue's contract without a handler here fails the type check.
 */
export type HandlersByName<Q extends QueueName> = {
  [N in keyof QueueJobs[Q] & string]: (
    data: QueueJobs[Q][N] extends { data: infer D } ? D : never,
    job: ReceivedJobOf<Q>,
  ) => Promise<QueueJobs[Q][N] extends { result: infer R } ? R : never>;
};

/**
 * Runs a job through the handler for its name; a name without one fails for good (retrying
 * cannot help). A queue's payload type is the union of its jobs' payloads: the producer's typed
 * `add(name, data)` pairs each name with its payload, and this is the one place that relies on
 * that pairing.
 */
export async function dispatchByName<Q extends QueueName>(
  queue: Q,
  job: ReceivedJobOf<Q>,
  handlers: HandlersByName<Q>,
): Promise<JobResultOf<Q>> {
  if (!Object.hasOwn(handlers, job.name)) {
    throw new UnrecoverableError(`no handler for job ${job.name} on ${queue}`);
  }
  const handler = handlers[job.name as keyof HandlersByName<Q>] as unknown as (
    data: JobDataOf<Q>,
    job: ReceivedJobOf<Q>,
  ) => Promise<JobResultOf<Q>>;
  return handler(job.data, job);
}
