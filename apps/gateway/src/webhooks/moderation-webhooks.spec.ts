import type { Moderation, WebhookAttempt } from '@moderation/contracts';
import { ServiceUnavailableError } from '../errors/gateway-errors';
import { ModerationAuth } from '../moderation/moderation-auth';
import { ModerationController } from '../moderation/moderation.controller';
import { ModerationGuard } from '../moderation/moderation.guard';
import { ModerationService } from '../moderation/moderation.service';
import { controllerSetup, type TestApp } from '../testing/controller-setup';
import { moderationOf } from '../testing/fake-moderation';
import { prediction } from '../testing/fake-prediction';
import { WebhookAttempts } from './webhook-attempts';

const shopKey = 'shop-key-0123456789abcdef0123';
const moderation: Moderation = {
  ...moderationOf(prediction(), 'review-1/photo-1'),
  callbackUrl: 'https://hooks.shop.example/moderation',
};
const tries: WebhookAttempt[] = [
  {
    eventId: '8a1c2e4f-0b7e-4c4e-9d5f-3a8e9a552f0b',
    type: 'moderation.completed',
    attempt: 1,
    at: '2026-12-02T10:00:01.000Z',
    status: 503,
    error: 'the receiver answered 503',
    delivered: false,
  },
  {
    eventId: '8a1c2e4f-0b7e-4c4e-9d5f-3a8e9a552f0b',
    type: 'moderation.completed',
    attempt: 2,
    at: '2026-12-02T10:00:02.000Z',
    status: 200,
    delivered: true,
  },
];

/** `GET /moderations/{id}` with the delivery tries of the moderation's events (in process). */
describe('GET /moderations/{id} webhooks', () => {
  let app: TestApp;
  let list: jest.Mock;

  beforeEach(async () => {
    list = jest.fn(async (id: string) => (id === moderation.id ? tries : []));
    app = await controllerSetup({
      controllers: [ModerationController],
      providers: [
        ModerationAuth,
        ModerationGuard,
        { provide: ModerationService, useValue: { find: jest.fn(async () => moderation) } },
        { provide: WebhookAttempts, useValue: { list } },
      ],
      env: { API_KEYS: `shop-1:${shopKey}` },
    });
  });

  afterEach(() => app.close());

  const find = () =>
    app.fetch(`/moderations/${moderation.id}`, { headers: { authorization: `Bearer ${shopKey}` } });

  it('lists every try, oldest first', async () => {
    const response = await find();
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.webhooks).toEqual(tries);
    // The callback URL is the shop's own setting, not shown back.
    expect(body).not.toHaveProperty('callbackUrl');
    expect(list).toHaveBeenCalledWith(moderation.id);
  });

  it('shows an empty list when no event was sent', async () => {
    list.mockResolvedValueOnce([]);
    expect(((await (await find()).json()) as Record<string, unknown>).webhooks).toEqual([]);
  });

  it('answers 503 when the tries cannot be read', async () => {
    list.mockRejectedValueOnce(new ServiceUnavailableError('Redis is unreachable'));
    const response = await find();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'unavailable' });
  });
});
