/**
 * Names of the BullMQ queues shared by the gateway (producer) and the worker (consumer).
 *
 * These strings are persisted in Redis as key prefixes: renaming one strands every job
 * already waiting under the old name, so change them only together with a migration.
 */
export enum QueueName {
  Prediction = 'prediction',
  Feedback = 'feedback',
}

/** Job names, one per kind of work a queue carries. */
export enum JobName {
  Classify = 'classify',
  RecordFeedback = 'record-feedback',
}
