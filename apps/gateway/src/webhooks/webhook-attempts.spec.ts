import type { WebhookAttempt } from '@moderation/contracts';
import { GatewayEnv } from '../config/gateway-env';
import { ServiceUnavailableError } from '../errors/gateway-errors';
import type { ModerationRedis } from '../moderation/moderation-redis';
import { attemptsKept, WebhookAttempts } from './webhook-attempts';

const attempt: WebhookAttempt = {
  eventId: 'e1',
  type: 'moderation.completed',
  attempt: 1,
  at: '2026-12-02T10:00:00.000Z',
  status: 500,
  error: 'the receiver answered 500',
  delivered: false,
};

/** A Redis client that only knows the commands WebhookAttempts uses, for one list. */
function fakeRedis() {
  const lists = new Map<string, string[]>();
  const ttls = new Map<string, number>();
  const client = {
    multi() {
      const steps: (() => void)[] = [];
      const chain = {
        rpush: (key: string, value: string) => {
          steps.push(() => lists.set(key, [...(lists.get(key) ?? []), value]));
          return chain;
        },
        ltrim: (key: string, start: number, stop: number) => {
          steps.push(() => {
            const list = lists.get(key) ?? [];
            lists.set(
              key,
              list.slice(Math.max(0, list.length + start), stop === -1 ? undefined : stop + 1),
            );
          });
          return chain;
        },
        expire: (key: string, seconds: number) => {
          steps.push(() => ttls.set(key, seconds));
          return chain;
        },
        exec: async () => steps.map((step) => step()),
      };
      return chain;
    },
    lrange: jest.fn(async (key: string) => lists.get(key) ?? []),
  };
  return { lists, ttls, client };
}

describe('WebhookAttempts', () => {
  const env = Object.assign(new GatewayEnv(), { MODERATION_RETENTION_DAYS: 90 });

  it('keeps the tries of a moderation, oldest first, as long as the moderation', async () => {
    const redis = fakeRedis();
    const attempts = new WebhookAttempts(redis as unknown as ModerationRedis, env);
    await attempts.record('m1', attempt);
    await attempts.record('m1', { ...attempt, attempt: 2, status: 200, delivered: true });
    expect(await attempts.list('m1')).toEqual([
      attempt,
      { ...attempt, attempt: 2, status: 200, delivered: true },
    ]);
    expect(await attempts.list('m2')).toEqual([]);
    expect(redis.ttls.get('moderation:webhooks:m1')).toBe(90 * 24 * 3600);
  });

  it(`keeps the latest ${attemptsKept} tries only`, async () => {
    const redis = fakeRedis();
    const attempts = new WebhookAttempts(redis as unknown as ModerationRedis, env);
    for (let n = 1; n <= attemptsKept + 5; n++)
      await attempts.record('m1', { ...attempt, attempt: n });
    const kept = await attempts.list('m1');
    expect(kept).toHaveLength(attemptsKept);
    expect(kept[0].attempt).toBe(6);
  });

  it('answers 503 when Redis fails', async () => {
    const redis = fakeRedis();
    redis.client.lrange.mockRejectedValueOnce(new Error('Connection is closed.'));
    const attempts = new WebhookAttempts(redis as unknown as ModerationRedis, env);
    await expect(attempts.list('m1')).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});
