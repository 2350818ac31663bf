import { Injectable } from '@nestjs/common';
import type { WebhookAttempt } from '@moderation/contracts';
import { within } from '@moderation/platform';
import { GatewayEnv } from '../config/gateway-env';
import { GatewayError, ServiceUnavailableError } from '../errors/gateway-errors';
import { ModerationRedis } from '../moderation/moderation-redis';

const attemptsKey = (moderationId: string) => `moderation:webhooks:${moderationId}`;

/** The latest tries kept per moderation: a receiver down for a day makes about 30. */
export const attemptsKept = 100;

const redisTimeoutMs = 2000;

/**
 * Every delivery try of a moderation's events, in Redis beside the moderation (a list, the
 * latest {@link attemptsKept}, kept `MODERATION_RETENTION_DAYS` from the latest try), so that
 * `GET /moderations/{id}` shows a shop why its receiver did not hear about it.
 */
@Injectable()
export class WebhookAttempts {
  private readonly ttlSeconds: number;

  constructor(
    private readonly redis: ModerationRedis,
    env: GatewayEnv,
  ) {
    this.ttlSeconds = env.retentionSeconds;
  }

  async record(moderationId: string, attempt: WebhookAttempt): Promise<void> {
    const key = attemptsKey(moderationId);
    await within(
      redisTimeoutMs,
      this.redis.client
        .multi()
        .rpush(key, JSON.stringify(attempt))
        .ltrim(key, -attemptsKept, -1)
        .expire(key, this.ttlSeconds)
        .exec(),
    );
  }

  /** A moderation's tries, oldest first; a 503 when Redis does not answer. */
  async list(moderationId: string): Promise<WebhookAttempt[]> {
    try {
      const raw = await within(
        redisTimeoutMs,
        this.redis.client.lrange(attemptsKey(moderationId), 0, -1),
      );
      return raw.map((entry) => JSON.parse(entry) as WebhookAttempt);
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      throw new ServiceUnavailableError('Moderations are unavailable: Redis is unreachable');
    }
  }
}
