import { JobName } from './queue-names';

/** What a shop's backend is told about: the model answered, or a person decided. */
export type WebhookEventType = 'moderation.completed' | 'moderation.decided';

/**
 * One event as POSTed to a `callbackUrl` (the exact JSON body that is signed). `id` is unique
 * per event: delivery is at least once, and a receiver drops an id it has seen.
 */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  /** ISO 8601, UTC: when the event happened (the replay window counts from the delivery's own timestamp). */
  createdAt: string;
  /** The moderation as `GET /moderations/{id}` shows it at the time of the event. */
  data: { moderation: Record<string, unknown> };
}

/** One event for one receiver; the job id is the event id, so an event is queued once. */
export interface WebhookJobData {
  event: WebhookEvent;
  callbackUrl: string;
  moderationId: string;
}

/** One try at delivering an event, as recorded on the moderation. */
export interface WebhookAttempt {
  eventId: string;
  type: WebhookEventType;
  attempt: number;
  /** ISO 8601, UTC. */
  at: string;
  /** The receiver's HTTP status; absent when no answer came (refused, timed out). */
  status?: number;
  error?: string;
  delivered: boolean;
}

export interface WebhookJobTypes {
  [JobName.DeliverWebhook]: { data: WebhookJobData; result: { status: number } };
}
