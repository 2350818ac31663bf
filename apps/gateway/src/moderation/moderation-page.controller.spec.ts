import type { Moderation } from '@moderation/contracts';
import { DecisionConflictError } from '../errors/gateway-errors';
import { controllerSetup, type TestApp } from '../testing/controller-setup';
import { moderationOf } from '../testing/fake-moderation';
import { needsReview, prediction } from '../testing/fake-prediction';
import { ModerationAuth, type Principal } from './moderation-auth';
import { ModerationPageController } from './moderation-page.controller';
import { ModerationGuard } from './moderation.guard';
import { ModerationService } from './moderation.service';
import { SameOriginGuard } from './same-origin.guard';

const token = 'alice-page-token-0123456789abcdef';
const login = { authorization: `Basic ${Buffer.from(`alice:${token}`).toString('base64')}` };
const item: Moderation = {
  ...moderationOf(prediction(needsReview), 'review-77'),
  review: {
    cause: { kind: 'report', reportId: 'r-1', correctLabel: 'Porn', comment: 'look again' },
    queuedAt: '2026-12-02T10:00:00.000Z',
  },
};

function fakeModerations() {
  return {
    next: jest.fn(async (_moderator: Principal) => ({
      moderation: item as Moderation | undefined,
      waiting: 4,
    })),
    decidedToday: jest.fn(async () => 12),
    decide: jest.fn(async () => item),
    skip: jest.fn(async () => undefined),
  };
}

describe('ModerationPageController (in process)', () => {
  let app: TestApp;
  let moderations: ReturnType<typeof fakeModerations>;

  beforeEach(async () => {
    moderations = fakeModerations();
    app = await controllerSetup({
      controllers: [ModerationPageController],
      providers: [
        ModerationAuth,
        ModerationGuard,
        SameOriginGuard,
        { provide: ModerationService, useValue: moderations },
      ],
      env: { MODERATOR_TOKENS: `alice:${token}` },
    });
  });

  afterEach(() => app.close());

  const postForm = (path: string, fields: Record<string, string>, headers = {}) =>
    app.fetch(path, {
      method: 'POST',
      headers: {
        ...login,
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        ...headers,
      },
      body: new URLSearchParams(fields).toString(),
    });

  it('shows a moderator one photo: large, why it is here, the scores, the three actions and the counts', async () => {
    const response = await app.fetch('/moderation', { headers: login });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain(`src='/uploads/${item.storedName}'`);
    expect(html).toContain('A user reported the answer as wrong. They say it is Porn.');
    expect(html).toContain('“look again”');
    expect(html).toMatch(/<span id='waiting'>4<\/span>/);
    expect(html).toMatch(/<span id='decided-today'>12<\/span>/);
    expect(html).toContain("action='/moderation/" + item.id + "/decision'");
    expect(html).toContain("action='/moderation/" + item.id + "/skip'");
    expect(html).toContain("<option value='not-the-product'>Not a photo of the product</option>");
    expect(html).toContain('review-77');
    expect(html).not.toContain('frame-strip');
    expect(moderations.next).toHaveBeenCalledWith({ kind: 'moderator', name: 'alice' });
  });

  it('shows every classified frame of an animation as a still, the decisive one marked', async () => {
    const sha = item.storedName.slice(0, 64);
    const animated = moderationOf(
      prediction({
        ...needsReview,
        storedName: `${sha}.gif`,
        frames: {
          total: 40,
          classified: 3,
          decisive: 19,
          perFrame: [
            { index: 0, prediction: 'Neutral', score: 0.97 },
            { index: 19, prediction: 'Sexy', score: 0.5521 },
            { index: 39, prediction: 'Neutral', score: 0.9 },
          ],
        },
      }),
    );
    moderations.next.mockResolvedValueOnce({ moderation: { ...item, ...animated }, waiting: 1 });
    const html = await (await app.fetch('/moderation', { headers: login })).text();
    expect(html).toContain('3 of its 40 frames, evenly spaced, were classified; frame 20 decided.');
    const frames = [...html.matchAll(/<li class='frame( frame-decisive)?'>([\s\S]*?)<\/li>/g)];
    expect(frames.map((frame) => frame[2].match(/src='([^']+)'/)?.[1])).toEqual(
      [0, 19, 39].map((index) => `/uploads/${sha}.frame-${index}.jpg`),
    );
    expect(frames.map((frame) => Boolean(frame[1]))).toEqual([false, true, false]);
    expect(frames[1][2]).toContain("alt='Frame 20 of 40, the one that decided'");
    expect(frames[1][2]).toMatch(/20: Sexy 55\.2\s?%[\s\S]*· decided/);
  });

  it('says so when nothing waits', async () => {
    moderations.next.mockResolvedValueOnce({ moderation: undefined, waiting: 0 });
    const html = await (await app.fetch('/moderation', { headers: login })).text();
    expect(html).toContain('Nothing waits for review.');
    expect(html).not.toContain('/decision');
  });

  it('asks a browser without the token to log in, on a page that says why', async () => {
    const response = await app.fetch('/moderation', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="moderation"/);
    expect(await response.text()).toContain('A moderator token is required');
    expect(moderations.next).not.toHaveBeenCalled();
  });

  it('records a rejection from the form and shows the next photo (303), leaving out unchosen fields', async () => {
    const response = await postForm(`/moderation/${item.id}/decision`, {
      decision: 'reject',
      reason: 'nudity',
      label: '',
      note: '',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/moderation?done=reject');
    expect(moderations.decide).toHaveBeenCalledWith(
      item.id,
      { kind: 'moderator', name: 'alice' },
      { decision: 'reject', reason: 'nudity' },
      expect.any(String),
    );
    const next = await app.fetch('/moderation?done=reject', { headers: login });
    expect(await next.text()).toContain('Rejected. Here is the next photo.');
  });

  it('refuses a rejection without a reason with the page saying so', async () => {
    const response = await postForm(
      `/moderation/${item.id}/decision`,
      { decision: 'reject', reason: '' },
      { accept: 'text/html' },
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('reason must be one of');
    expect(moderations.decide).not.toHaveBeenCalled();
  });

  it('moves on when someone else decided the photo first', async () => {
    moderations.decide.mockRejectedValueOnce(new DecisionConflictError('held by bob'));
    const response = await postForm(`/moderation/${item.id}/decision`, { decision: 'approve' });
    expect(response.headers.get('location')).toBe('/moderation?done=gone');
  });

  it('skips a photo', async () => {
    const response = await postForm(`/moderation/${item.id}/skip`, {});
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/moderation?done=skip');
    expect(moderations.skip).toHaveBeenCalledWith(item.id, { kind: 'moderator', name: 'alice' });
  });

  it('refuses a form another site made the browser send (403), and accepts one from this site by Origin', async () => {
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }]) {
      const response = await postForm(
        `/moderation/${item.id}/decision`,
        { decision: 'approve' },
        headers,
      );
      expect(response.status).toBe(403);
    }
    expect(moderations.decide).not.toHaveBeenCalled();
    const host = new URL(app.url('/')).host;
    const oldBrowser = await app.fetch(`/moderation/${item.id}/decision`, {
      method: 'POST',
      headers: {
        ...login,
        'content-type': 'application/x-www-form-urlencoded',
        origin: `http://${host}`,
      },
      body: 'decision=approve',
    });
    expect(oldBrowser.status).toBe(303);
    const elsewhere = await app.fetch(`/moderation/${item.id}/decision`, {
      method: 'POST',
      headers: {
        ...login,
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      body: 'decision=approve',
    });
    expect(elsewhere.status).toBe(403);
    expect(moderations.decide).toHaveBeenCalledTimes(1);
  });
});
