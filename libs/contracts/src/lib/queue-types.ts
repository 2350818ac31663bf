import type { Job, Queue, Worker } from 'bullmq';
import type { FeedbackJobTypes } from './feedback-job';
import type { PredictionJobTypes } from './prediction-job';
import type { RecordJobTypes } from './records-job';
import type { ReviewJobTypes } from './review-job';
import type { BatchJobTypes } from './batch-job';
import type { WebhookJobTypes } from './webhook-job';
import type { FrameStripJobTypes } from './frame-strip-job';
import { QueueName } from './queue-names';

/** Every queue's jobs: for each job name, its payload and its result. */
export interface QueueJobs {
  [QueueName.Prediction]: PredictionJobTypes;
  [QueueName.Feedback]: FeedbackJobTypes & RecordJobTypes;
  [QueueName.Review]: ReviewJobTypes;
  [QueueName.Webhook]: WebhookJobTypes;
  [QueueName.Batch]: BatchJobTypes;
  [QueueName.FrameStrip]: FrameStripJobTypes;
}

type JobNameOf<Q extends QueueName> = keyof QueueJobs[Q] & string;
type JobTypesOf<Q extends QueueName> = QueueJobs[Q][JobNameOf<Q>];
/** The payload of a queue's jobs. */
export type JobDataOf<Q extends QueueName> = JobTypesOf<Q> extends { data: infer D } ? D : never;
/** What a queue's jobs return. */
export type JobResultOf<Q extends QueueName> =
  JobTypesOf<Q> extends { result: infer R } ? R : never;

/**
 * BullMQ's classes typed by the contract: `add()` at a producer and `process()` at the consumer
 * agree at compile time, so renaming a payload field fails the type check everywhere at once.
 */
export type QueueOf<Q extends QueueName> = Queue<JobDataOf<Q>, JobResultOf<Q>, JobNameOf<Q>>;
export type JobOf<Q extends QueueName> = Job<JobDataOf<Q>, JobResultOf<Q>, JobNameOf<Q>>;

/**
 * A consumer's side. Its job names stay `string`: whatever a producer pushed arrives, and a
 * processor refuses a name it has no handler for rather than trusting the type.
 */
export type WorkerOf<Q extends QueueName> = Worker<JobDataOf<Q>, JobResultOf<Q>>;
export type ReceivedJobOf<Q extends QueueName> = Job<JobDataOf<Q>, JobResultOf<Q>>;

export type PredictionQueue = QueueOf<QueueName.Prediction>;
export type PredictionJob = JobOf<QueueName.Prediction>;
export type FeedbackQueue = QueueOf<QueueName.Feedback>;
export type ReviewQueue = QueueOf<QueueName.Review>;
export type ReviewJob = JobOf<QueueName.Review>;
export type WebhookQueue = QueueOf<QueueName.Webhook>;
export type BatchQueue = QueueOf<QueueName.Batch>;
export type FrameStripQueue = QueueOf<QueueName.FrameStrip>;
