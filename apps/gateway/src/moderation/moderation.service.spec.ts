import type { PinoLogger } from 'nestjs-pino';
import { JobName, type Moderation, type ReviewCause } from '@moderation/contracts';
import { loadConfig } from '@moderation/platform';
import { GatewayEnv } from '../config/gateway-env';
import { DecisionConflictError, UnknownLabelError } from '../errors/gateway-errors';
import { needsReview, prediction } from '../testing/fake-prediction';
import { recordingQueue } from '../testing/fake-queues';
import { FrameStripRequests } from './frame-strip-requests';
import type { ModerationStore } from './moderation-store';
import { ModerationService } from './moderation.service';
import type { ReviewQueue } from './review-queue';
import type { WebhookPublisher } from '../webhooks/webhook-publisher';

/** The store and the review queue as maps: what was saved and what was queued, with why. */
function setup(env: Record<string, string> = {}) {
  const saved = new Map<string, Moderation>();
  const queued: { moderationId: string; cause: ReviewCause }[] = [];
  const store = {
    save: async (moderation: Moderation) => void saved.set(moderation.id, moderation),
    update: async (moderation: Moderation) =>
      saved.has(moderation.id) && !!saved.set(moderation.id, moderation),
    find: async (id: string) => saved.get(id),
    countDecision: async () => 1,
    decisionsOn: async () => 0,
    latestOf: async (storedName: string) =>
      [...saved.values()].reverse().find((moderation) => moderation.storedName === storedName),
  };
  const review = {
    add: async (moderationId: string, cause: ReviewCause) =>
      void queued.push({ moderationId, cause }),
    settle: async (_id: string, _decider: string, decide: (takenAt?: string) => unknown) =>
      decide('2026-12-02T10:00:00.000Z'),
  };
  const records = recordingQueue();
  const strips = recordingQueue();
  const logger = { warn: jest.fn(), info: jest.fn() } as unknown as PinoLogger;
  const published: { moderation: Moderation; type: string }[] = [];
  const webhooks = {
    publish: async (moderation: Moderation, type: string) =>
      void published.push({ moderation, type }),
  };
  const service = new ModerationService(
    store as unknown as ModerationStore,
    review as unknown as ReviewQueue,
    records as never,
    loadConfig(GatewayEnv, env),
    logger,
    webhooks as unknown as WebhookPublisher,
    new FrameStripRequests(strips as never),
  );
  return { service, saved, queued, records, published, strips };
}

const alice = { kind: 'moderator' as const, name: 'alice' };

describe('ModerationService', () => {
  it('sends a photo the model doubts to review, saying which class reached which threshold', async () => {
    const { service, queued, saved } = setup({ REVIEW_SAMPLE_RATE: '0' });
    const moderation = await service.open(prediction(needsReview), 'review-1');
    expect(moderation).toMatchObject({ state: 'pending-review', reference: 'review-1' });
    expect(queued).toEqual([
      {
        moderationId: moderation.id,
        cause: { kind: 'threshold', label: 'Sexy', score: 0.5521, threshold: 0.4 },
      },
    ]);
    expect(saved.get(moderation.id)).toEqual(moderation);
  });

  it('asks the workers for the frame strip of an animation sent to a person, and of no other photo', async () => {
    const { service, strips } = setup({ REVIEW_SAMPLE_RATE: '0' });
    const storedName = `${'cd'.repeat(32)}.gif`;
    const frames = {
      total: 30,
      classified: 3,
      decisive: 15,
      perFrame: [0, 15, 29].map((index) => ({ index, prediction: 'Sexy', score: 0.5 })),
    };
    const doubted = await service.open(prediction({ ...needsReview, storedName, frames }), 'a');
    expect(doubted.classification.frames).toEqual(frames);
    // Approved animations and doubted still photos get no strip: nobody looks at them frame by frame.
    await service.open(prediction({ storedName, frames }), undefined);
    await service.open(prediction(needsReview), undefined);
    expect(strips.added).toEqual([
      {
        name: JobName.DrawFrameStrip,
        data: { storedName, frames: [0, 15, 29] },
        options: { jobId: `frames-${storedName}` },
      },
    ]);
    // A report on the approved animation sends it to a person too: same strip, same job id.
    await service.reported({ reportId: 'r-9', storedName });
    expect(strips.added.map((added) => added.options?.jobId)).toEqual([
      `frames-${storedName}`,
      `frames-${storedName}`,
    ]);
  });

  it('leaves approvals and rejections to the model when none is sampled', async () => {
    const { service, queued } = setup({ REVIEW_SAMPLE_RATE: '0' });
    const approved = await service.open(prediction(), undefined);
    const rejected = await service.open(prediction({ verdict: 'rejected' }), undefined);
    expect([approved.state, rejected.state]).toEqual(['approved', 'rejected']);
    expect(approved.review).toBeUndefined();
    expect(queued).toEqual([]);
  });

  it('samples approvals at REVIEW_SAMPLE_RATE: 5,000 approvals fall inside the 99.9 % binomial interval', async () => {
    const rate = 0.1;
    const { service, queued } = setup({ REVIEW_SAMPLE_RATE: String(rate) });
    const n = 5000;
    for (let i = 0; i < n; i += 1) await service.open(prediction(), undefined);
    // Normal approximation: mean n·p, 3.29 standard deviations either side for 99.9 %.
    const spread = 3.29 * Math.sqrt(n * rate * (1 - rate));
    expect(queued.length).toBeGreaterThan(n * rate - spread);
    expect(queued.length).toBeLessThan(n * rate + spread);
    expect(new Set(queued.map(({ cause }) => cause.kind))).toEqual(new Set(['sample']));
    expect(queued[0].cause).toEqual({ kind: 'sample', rate });
  });

  it("sends a reported photo's latest moderation to review with what the user said", async () => {
    const { service, queued, saved } = setup({ REVIEW_SAMPLE_RATE: '0' });
    const moderation = await service.open(prediction(), undefined);
    await service.reported({
      reportId: 'r-1',
      storedName: moderation.storedName,
      correctLabel: 'Porn',
      comment: 'look again',
    });
    const cause = { kind: 'report', reportId: 'r-1', correctLabel: 'Porn', comment: 'look again' };
    expect(queued).toEqual([{ moderationId: moderation.id, cause }]);
    expect(saved.get(moderation.id)?.review?.cause).toEqual(cause);
  });

  it('records a decision: the state, who and why, and a job for the data team’s files', async () => {
    const { service, saved, records, published } = setup({ REVIEW_SAMPLE_RATE: '0' });
    const { id } = await service.open(prediction(needsReview), 'review-1', {
      callbackUrl: 'https://hooks.shop.example/moderation',
    });
    const decided = await service.decide(
      id,
      alice,
      { decision: 'reject', reason: 'nudity', label: 'Porn' },
      'request-1',
    );
    expect(decided).toMatchObject({
      state: 'rejected',
      decision: { decision: 'reject', reason: 'nudity', label: 'Porn', moderator: 'alice' },
    });
    expect(decided.decision?.tookMs).toEqual(expect.any(Number));
    expect(saved.get(id)).toEqual(decided);
    expect(records.added).toEqual([
      {
        name: JobName.RecordDecision,
        data: { decisionId: expect.any(String), moderation: decided, requestId: 'request-1' },
        options: { jobId: (records.added[0].data as { decisionId: string }).decisionId },
      },
    ]);
    // The shop's backend hears of the decision, with the moderation as it now stands.
    expect(published).toEqual([{ moderation: decided, type: 'moderation.decided' }]);
  });

  it('refuses a second decision, one on a photo never sent to review, and an unknown label', async () => {
    const { service } = setup({ REVIEW_SAMPLE_RATE: '0' });
    const doubted = await service.open(prediction(needsReview), undefined);
    const approved = await service.open(prediction(), undefined);
    await expect(
      service.decide(doubted.id, alice, { decision: 'approve', label: 'Cat' }, 'r'),
    ).rejects.toThrow(UnknownLabelError);
    await service.decide(doubted.id, alice, { decision: 'approve' }, 'r');
    await expect(service.decide(doubted.id, alice, { decision: 'approve' }, 'r')).rejects.toThrow(
      new DecisionConflictError(`Moderation ${doubted.id} was decided already, by alice`),
    );
    await expect(
      service.decide(approved.id, alice, { decision: 'reject', reason: 'other' }, 'r'),
    ).rejects.toThrow(/decided by the model and not sent to review/);
  });
});
