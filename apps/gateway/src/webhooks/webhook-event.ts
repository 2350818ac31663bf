import { randomUUID } from 'node:crypto';
import type { Moderation, WebhookEvent, WebhookEventType } from '@moderation/contracts';
import { ModerationDto } from '../moderation/dto/moderation.dto';

/**
 * The event about a moderation, with a new id: the moderation as `GET /moderations/{id}` shows it
 * at that moment, without `webhooks` (the delivery tries of events are not part of an event).
 */
export function webhookEvent(
  moderation: Moderation,
  type: WebhookEventType,
  now = new Date(),
): WebhookEvent {
  const shown: Record<string, unknown> = { ...ModerationDto.from(moderation) };
  delete shown['webhooks'];
  return { id: randomUUID(), type, createdAt: now.toISOString(), data: { moderation: shown } };
}
