import type { Moderation } from '@moderation/contracts';
import {
  DecisionConflictError,
  ModerationNotFoundError,
  ServiceUnavailableError,
} from '../errors/gateway-errors';
import { controllerSetup, type TestApp } from '../testing/controller-setup';
import { moderationOf } from '../testing/fake-moderation';
import { needsReview, prediction } from '../testing/fake-prediction';
import type { DecisionRequestDto } from './dto/decision-request.dto';
import { ModerationAuth, type Principal } from './moderation-auth';
import { ModerationController } from './moderation.controller';
import { ModerationGuard } from './moderation.guard';
import { ModerationService } from './moderation.service';

const aliceToken = 'alice-token-0123456789abcdef';
const bobToken = 'bob-token-0123456789abcdef01';
const shopKey = 'shop-key-0123456789abcdef0123';
const credentials = {
  MODERATOR_TOKENS: `alice:${aliceToken},bob:${bobToken}`,
  API_KEYS: `shop-1:${shopKey}`,
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const inReview: Moderation = {
  ...moderationOf(prediction(needsReview), 'review-8812/photo-2'),
  review: {
    cause: { kind: 'threshold', label: 'Sexy', score: 0.5521, threshold: 0.4 },
    queuedAt: '2026-12-02T10:00:00.000Z',
  },
};
const id = inReview.id;

/** ModerationService without Redis: one moderation in review, decided as asked. */
function fakeModerations() {
  return {
    find: jest.fn(async (wanted: string) => {
      if (wanted !== id) throw new ModerationNotFoundError(wanted);
      return inReview;
    }),
    next: jest.fn(async (_moderator: Principal) => ({ moderation: inReview, waiting: 3 })),
    hold: jest.fn(async (_id: string, _moderator: Principal) => undefined),
    decide: jest.fn(
      async (
        _id: string,
        decider: Principal,
        request: DecisionRequestDto,
      ): Promise<Moderation> => ({
        ...inReview,
        state: request.decision === 'approve' ? 'approved' : 'rejected',
        decision: {
          decision: request.decision,
          ...(request.reason ? { reason: request.reason } : {}),
          moderator: decider.name,
          decidedAt: '2026-12-02T10:01:00.000Z',
          waitedMs: 60_000,
          tookMs: 9_000,
        },
      }),
    ),
  };
}

describe('ModerationController (in process)', () => {
  let app: TestApp;
  let moderations: ReturnType<typeof fakeModerations>;

  async function start(env: Record<string, string> = credentials): Promise<TestApp> {
    moderations = fakeModerations();
    return controllerSetup({
      controllers: [ModerationController],
      providers: [
        ModerationAuth,
        ModerationGuard,
        { provide: ModerationService, useValue: moderations },
      ],
      env,
    });
  }

  const decide = (body: unknown, token = aliceToken, target = id) =>
    app.fetch(`/moderations/${target}/decision`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    app = await start();
  });

  afterEach(() => app.close());

  it("shows a moderation to a shop's backend with its API key", async () => {
    const response = await app.fetch(`/moderations/${id}`, { headers: bearer(shopKey) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id,
      state: 'pending-review',
      reference: 'review-8812/photo-2',
      filename: inReview.storedName,
      createdAt: inReview.createdAt,
      model: {
        model: { id: 'mobilenet_v2', version: '4.4.0-c1' },
        prediction: 'Sexy',
        score: 0.5521,
        scores: needsReview.scores,
        verdict: 'review',
        reason: { label: 'Sexy', score: 0.5521, threshold: 0.4 },
      },
      policy: { version: 'manifest:mobilenet_v2@4.4.0-c1' },
      review: inReview.review,
      decision: null,
      webhooks: [],
    });
  });

  it('shows it to a moderator, and to nobody else (401, asking browsers for the token)', async () => {
    expect((await app.fetch(`/moderations/${id}`, { headers: bearer(bobToken) })).status).toBe(200);
    for (const headers of [{}, bearer('wrong-token-0123456789abcdef'), bearer(`${aliceToken}x`)]) {
      const response = await app.fetch(`/moderations/${id}`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="moderation"/);
      expect(await response.json()).toEqual({
        statusCode: 401,
        error: 'unauthorized',
        message: expect.stringMatching(/moderator token or an API key is required/),
      });
    }
    // A browser's Basic login carries the token as its password.
    const basic = `Basic ${Buffer.from(`alice:${aliceToken}`).toString('base64')}`;
    const response = await app.fetch(`/moderations/${id}`, { headers: { authorization: basic } });
    expect(response.status).toBe(200);
    expect(moderations.find).toHaveBeenCalledTimes(2);
  });

  it('answers an unknown moderation with 404 and a malformed id with 400', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const missing = await app.fetch(`/moderations/${unknown}`, { headers: bearer(shopKey) });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'moderation-not-found' });
    const malformed = await app.fetch('/moderations/not-an-id', { headers: bearer(shopKey) });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ statusCode: 400, error: 'bad-request' });
  });

  it('hands the next item only to moderators, not to API keys', async () => {
    const response = await app.fetch('/moderations/next', {
      method: 'POST',
      headers: bearer(aliceToken),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      item: { id, state: 'pending-review' },
      waiting: 3,
    });
    expect(moderations.next).toHaveBeenCalledWith({ kind: 'moderator', name: 'alice' });
    const byShop = await app.fetch('/moderations/next', {
      method: 'POST',
      headers: bearer(shopKey),
    });
    expect(byShop.status).toBe(401);
    expect(moderations.next).toHaveBeenCalledTimes(1);
  });

  it('renews the hold of a moderator on their photo (204), and says 409 once they lost it', async () => {
    const hold = () =>
      app.fetch(`/moderations/${id}/hold`, { method: 'POST', headers: bearer(aliceToken) });
    expect((await hold()).status).toBe(204);
    expect(moderations.hold).toHaveBeenCalledWith(id, { kind: 'moderator', name: 'alice' });
    moderations.hold.mockRejectedValueOnce(new DecisionConflictError('no longer held by alice'));
    const lost = await hold();
    expect(lost.status).toBe(409);
    expect(await lost.json()).toMatchObject({ error: 'decision-conflict' });
    const byShop = await app.fetch(`/moderations/${id}/hold`, {
      method: 'POST',
      headers: bearer(shopKey),
    });
    expect(byShop.status).toBe(401);
  });

  it('answers an empty queue with item null', async () => {
    moderations.next.mockResolvedValueOnce({ moderation: undefined, waiting: 0 } as never);
    const response = await app.fetch('/moderations/next', {
      method: 'POST',
      headers: bearer(aliceToken),
    });
    expect(await response.json()).toEqual({ item: null, waiting: 0 });
  });

  it('records a decision under the name of whoever made it', async () => {
    const response = await decide({ decision: 'reject', reason: 'nudity', note: 'clear case' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      state: 'rejected',
      decision: { decision: 'reject', reason: 'nudity', moderator: 'alice' },
    });
    expect(moderations.decide).toHaveBeenCalledWith(
      id,
      { kind: 'moderator', name: 'alice' },
      { decision: 'reject', reason: 'nudity', note: 'clear case' },
      expect.any(String),
    );
    expect((await decide({ decision: 'approve' }, shopKey)).status).toBe(200);
    expect(moderations.decide).toHaveBeenLastCalledWith(
      id,
      { kind: 'api-key', name: 'shop-1' },
      { decision: 'approve' },
      expect.any(String),
    );
  });

  it.each<[string, unknown, RegExp]>([
    ['no decision', {}, /decision must be approve or reject/],
    ['an unknown decision', { decision: 'maybe' }, /decision must be approve or reject/],
    ['a rejection without a reason', { decision: 'reject' }, /reason must be one of: nudity/],
    ['a reason not on the list', { decision: 'reject', reason: 'ugly' }, /reason must be one of/],
    ['a note of 1,001 characters', { decision: 'approve', note: 'n'.repeat(1001) }, /note/],
    ['a label that is not a class name', { decision: 'approve', label: '<b>' }, /label must be/],
  ])('refuses %s with 400 before deciding anything', async (_case, body, message) => {
    const response = await decide(body);
    expect(response.status).toBe(400);
    const refusal = (await response.json()) as { error: string; message: unknown };
    expect(refusal.error).toBe('bad-request');
    expect(JSON.stringify(refusal.message)).toMatch(message);
    expect(moderations.decide).not.toHaveBeenCalled();
  });

  it('answers a decision that conflicts with 409, and an unreachable Redis with 503', async () => {
    moderations.decide.mockRejectedValueOnce(
      new DecisionConflictError(`Moderation ${id} is held by another moderator (bob)`),
    );
    const conflict = await decide({ decision: 'approve' });
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({
      statusCode: 409,
      error: 'decision-conflict',
      message: `Moderation ${id} is held by another moderator (bob)`,
    });
    moderations.decide.mockRejectedValueOnce(new ServiceUnavailableError('Redis is unreachable'));
    expect((await decide({ decision: 'approve' })).status).toBe(503);
  });

  it('is off (404) when no moderator or API key is configured', async () => {
    await app.close();
    app = await start({});
    const response = await app.fetch(`/moderations/${id}`, { headers: bearer(aliceToken) });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      message: expect.stringMatching(/moderation routes are off/),
    });
  });
});
