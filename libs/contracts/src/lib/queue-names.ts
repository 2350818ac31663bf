/**
 * Names of the BullMQ queues shared by the gateway (producer) and the worker (consumer).
 *
 * These strings are persisted in Redis as key prefixes: renaming one strands every job
 * already waiting under the old name, so change them only together with a migration.
 */
export enum QueueName {
  Prediction = 'prediction',
  /** The data team's files (feedback and decisions CSVs, the audit log): one writer at a time. */
  Feedback = 'feedback',
  /** Photos waiting for a person; taken by moderators through the gateway, never by a worker. */
  Review = 'review',
  /** Events for shops' backends (`callbackUrl`), delivered by the gateways with retries. */
  Webhook = 'webhook',
  /** Photos of batches (`POST /moderations`), each classified and moderated by a gateway. */
  Batch = 'batch',
  /** Stills of an animation's frames for moderators, drawn by the workers off the upload path. */
  FrameStrip = 'frame-strip',
}

/** Job names, one per kind of work a queue carries. */
export enum JobName {
  Classify = 'classify',
  RecordFeedback = 'record-feedback',
  RecordDecision = 'record-decision',
  RecordStartup = 'record-startup',
  Review = 'review',
  DeliverWebhook = 'deliver-webhook',
  ModerateBatchItem = 'moderate-batch-item',
  DrawFrameStrip = 'draw-frame-strip',
}
