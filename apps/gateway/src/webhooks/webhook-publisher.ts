import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import {
  JobName,
  QueueName,
  type Moderation,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookQueue,
} from '@moderation/contracts';
import { within } from '@moderation/platform';
import { webhookEvent } from './webhook-event';

/** Longest wait for Redis to take an event; the caller decides what a failure means. */
const publishTimeoutMs = 2000;

/**
 * Queues an event about a moderation for its `callbackUrl`, if it has one; the gateway's
 * delivery worker POSTs it, signed, and retries until the receiver takes it or the event is
 * `WEBHOOK_MAX_AGE` old. The job id is the event id, so a retried publish of the same event
 * object queues it once.
 */
@Injectable()
export class WebhookPublisher {
  constructor(@InjectQueue(QueueName.Webhook) private readonly queue: WebhookQueue) {}

  /**
   * The queued event, or undefined when the moderation has no `callbackUrl`. Throws when Redis
   * does not take it within 2 s (a `DeadlineError`) or refuses it.
   */
  async publish(moderation: Moderation, type: WebhookEventType): Promise<WebhookEvent | undefined> {
    const { callbackUrl } = moderation;
    if (!callbackUrl) return undefined;
    const event = webhookEvent(moderation, type);
    await within(
      publishTimeoutMs,
      this.queue.add(
        JobName.DeliverWebhook,
        { event, callbackUrl, moderationId: moderation.id },
        { jobId: event.id },
      ),
    );
    return event;
  }
}
