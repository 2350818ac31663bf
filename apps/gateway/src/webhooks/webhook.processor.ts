import { Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import {
  JobName,
  type JobResultOf,
  type QueueName,
  type ReceivedJobOf,
  type WebhookAttempt,
} from '@moderation/contracts';
import { signWebhook } from '@moderation/webhook-signature';
import { checkCallbackUrl } from './callback-url';
import type { WebhookAttempts } from './webhook-attempts';

/** How long a receiver has to answer one delivery. */
export const deliveryTimeoutMs = 10_000;

export const userAgent = 'image-moderation-webhooks';

export interface WebhookProcessorOptions {
  /** The shared secret every delivery is signed with. */
  secret: string;
  /** `WEBHOOK_ALLOWED_HOSTS`, checked again before each try (the list may have changed). */
  allowedHosts: readonly string[];
  /** `WEBHOOK_MAX_AGE`: an older event is given up rather than tried. */
  maxAgeSeconds: number;
  timeoutMs?: number;
  /** The clock, in milliseconds (tests). */
  now?: () => number;
}

/** What one try came to, before it is recorded. */
type Outcome = Pick<WebhookAttempt, 'status' | 'error' | 'delivered'>;

/**
 * Delivers one event to its `callbackUrl`: a POST of the event's JSON, serialised once and signed
 * as those exact bytes, answered 2xx within {@link deliveryTimeoutMs}. Anything else (another
 * status, a redirect, which is never followed since it could lead off the allowed hosts, no
 * answer) throws, and BullMQ tries again after the capped back-off; an event older than
 * `WEBHOOK_MAX_AGE`, or whose URL is no longer allowed, is given up for good. Every try is
 * recorded on the moderation. Delivery is at least once: a receiver drops event ids it has seen.
 */
export class WebhookProcessor {
  private readonly logger = new Logger(WebhookProcessor.name);
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly attempts: Pick<WebhookAttempts, 'record'>,
    private readonly options: WebhookProcessorOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? deliveryTimeoutMs;
    this.now = options.now ?? Date.now;
  }

  async process(job: ReceivedJobOf<QueueName.Webhook>): Promise<JobResultOf<QueueName.Webhook>> {
    if (job.name !== JobName.DeliverWebhook) {
      throw new UnrecoverableError(`unknown job name ${job.name}`);
    }
    const { event, callbackUrl, moderationId } = job.data;
    const attempt = job.attemptsMade + 1;
    const startedAt = this.now();
    const record = (outcome: Outcome) =>
      this.record(moderationId, {
        eventId: event.id,
        type: event.type,
        attempt,
        at: new Date(startedAt).toISOString(),
        ...outcome,
      });

    const ageMs = startedAt - Date.parse(event.createdAt);
    if (!(ageMs <= this.options.maxAgeSeconds * 1000)) {
      const error = `given up: the event is older than WEBHOOK_MAX_AGE (${this.options.maxAgeSeconds} s)`;
      await record({ delivered: false, error });
      throw new UnrecoverableError(error);
    }
    let url: string;
    try {
      url = checkCallbackUrl(callbackUrl, this.options.allowedHosts);
    } catch (refusal) {
      const error = `given up: ${(refusal as Error).message}`;
      await record({ delivered: false, error });
      throw new UnrecoverableError(error);
    }

    const outcome = await this.post(url, event.id, JSON.stringify(event), startedAt);
    await record(outcome);
    if (!outcome.delivered) throw new Error(outcome.error);
    return { status: outcome.status ?? 0 };
  }

  private async post(url: string, eventId: string, body: string, nowMs: number): Promise<Outcome> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        body,
        headers: {
          'Content-Type': 'application/json',
          'Moderation-Signature': signWebhook(this.options.secret, body, Math.floor(nowMs / 1000)),
          'Moderation-Event-Id': eventId,
          'User-Agent': userAgent,
        },
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return { delivered: false, error: this.describe(error) };
    }
    // The answer's body is not read: it is released so the connection can be reused.
    await response.body?.cancel().catch(() => undefined);
    const { status } = response;
    if (status >= 200 && status < 300) return { status, delivered: true };
    if (status >= 300 && status < 400) {
      const location = response.headers.get('location') ?? 'nowhere';
      return {
        status,
        delivered: false,
        error: `the receiver redirected to ${location.slice(0, 200)}; redirects are not followed`,
      };
    }
    return { status, delivered: false, error: `the receiver answered ${status}` };
  }

  /**
   * Why no answer came, for people reading the moderation. Read by shape, not `instanceof`:
   * fetch's errors may come from another realm than this module's `Error`.
   */
  private describe(error: unknown): string {
    const { name, message, cause } = (error ?? {}) as {
      name?: string;
      message?: string;
      cause?: { code?: string; message?: string };
    };
    if (name === 'TimeoutError' || name === 'AbortError') {
      return `no answer within ${this.timeoutMs} ms`;
    }
    if (cause?.code) return `no answer: ${cause.code}`;
    return `no answer: ${cause?.message ?? message ?? String(error)}`;
  }

  /**
   * A try that cannot be recorded (Redis going away) still counts: failing the job for it would
   * deliver a delivered event again.
   */
  private async record(moderationId: string, attempt: WebhookAttempt): Promise<void> {
    try {
      await this.attempts.record(moderationId, attempt);
    } catch (error) {
      this.logger.warn(
        `webhook try ${attempt.attempt} of event ${attempt.eventId} not recorded: ${String(error)}`,
      );
    }
  }
}
