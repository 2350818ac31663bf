import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import sharp from 'sharp';
import { verifyAuditLog } from '@moderation/audit-log';
import { auditLogFile, decisionCsvFile, QueueName } from '@moderation/contracts';
import { redisConnectionOptions } from '@moderation/platform';
import { pollUntil } from '@moderation/processes';
import { csvRows, workspaceRoot } from '@moderation/testing';
import type { DecisionRequest } from '@moderation/api-client';
import { answered, clientFor, fixturePhoto } from './support/client';
import { fixture, send } from './support/http';
import { Stack } from './support/stack';

const alice = 'alice-e2e-token-0123456789abcdef';
const bob = 'bob-e2e-token-0123456789abcdef01';
const shop = 'shop-e2e-key-0123456789abcdef012';
const as = (token: string) => ({ authorization: `Bearer ${token}` });
const lockSeconds = 5;

/**
 * The converted MobileNetV2 with a stricter policy: a photo whose Neutral or Drawing score reaches
 * 0.3 needs a person, so the fixtures (all harmless) are doubted for a reason the test knows.
 */
function doubtfulModelDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'doubtful-model-'));
  const models = join(workspaceRoot, 'var/models');
  const manifest = JSON.parse(readFileSync(join(models, 'mobilenet_v2.json'), 'utf8'));
  symlinkSync(join(models, manifest.file), join(dir, manifest.file));
  manifest.policy.review = { ...manifest.policy.review, Neutral: 0.3, Drawing: 0.3 };
  writeFileSync(join(dir, 'mobilenet_v2.json'), JSON.stringify(manifest));
  return dir;
}

interface ModerationBody {
  id: string;
  state: string;
  reference: string | null;
  review: { cause: Record<string, unknown> } | null;
  decision: Record<string, unknown> | null;
}

describe('human review (real Redis, worker process and model)', () => {
  let stack: Stack;
  let modelDir: string;
  let browser: Browser;

  beforeAll(async () => {
    modelDir = doubtfulModelDir();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    stack = await Stack.start({
      workerEnv: { MODEL_DIR: modelDir },
      gatewayEnv: {
        MODERATOR_TOKENS: `alice:${alice},bob:${bob}`,
        API_KEYS: `shop-1:${shop}`,
        REVIEW_LOCK_SECONDS: String(lockSeconds),
        REVIEW_SAMPLE_RATE: '0',
      },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(modelDir, { recursive: true, force: true });
  });

  /** A photo the model doubts, sent by a shop with its reference; its moderation id. */
  async function doubted(reference = 'review-1/photo-1', photo = 'chelsea.png'): Promise<string> {
    const { status, body } = await answered(
      stack.client().predict(fixturePhoto(photo), { reference }),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ verdict: 'review', reference, moderationId: expect.any(String) });
    return body.moderationId as string;
  }

  const next = async (token: string) => {
    const { status, body } = await answered(stack.client(token).nextItem());
    expect(status).toBe(200);
    return body as { item: ModerationBody | null; waiting: number };
  };
  const moderation = async (id: string, token = shop) =>
    (await answered(stack.client(token).moderation(id))).body as unknown as ModerationBody;
  const decide = (id: string, token: string, body: DecisionRequest) =>
    answered(stack.client(token).decide(id, body));

  /** Takes and approves whatever waits, so each test starts with an empty queue. */
  async function drain(): Promise<void> {
    for (const token of [alice, bob]) {
      for (let { item } = await next(token); item; { item } = await next(token)) {
        expect((await decide(item.id, token, { decision: 'approve' })).status).toBe(200);
      }
    }
  }

  beforeEach(() => drain());

  it('sends a doubted photo to a moderator, whose decision the shop reads, the data team gets as one row, and the audit log keeps', async () => {
    const id = await doubted('review-8812/photo-2');
    const pending = await moderation(id);
    expect(pending).toMatchObject({
      id,
      state: 'pending-review',
      reference: 'review-8812/photo-2',
      review: { cause: { kind: 'threshold', label: 'Neutral', threshold: 0.3 } },
      decision: null,
    });

    const { item } = await next(alice);
    expect(item?.id).toBe(id);
    const decided = await decide(id, alice, {
      decision: 'reject',
      reason: 'not-the-product',
      label: 'Neutral',
    });
    expect(decided.status).toBe(200);
    const read = await moderation(id);
    expect(read).toMatchObject({
      state: 'rejected',
      decision: {
        decision: 'reject',
        reason: 'not-the-product',
        label: 'Neutral',
        moderator: 'alice',
      },
    });
    expect(read.decision?.tookMs).toEqual(expect.any(Number));
    // A second decision, by anyone, is refused.
    expect((await decide(id, bob, { decision: 'approve' })).status).toBe(409);

    const csvPath = join(stack.feedbackDir, decisionCsvFile);
    const rows = await pollUntil(
      async () => (existsSync(csvPath) ? csvRows(readFileSync(csvPath, 'utf8')) : []),
      (found) => found.some((row) => row.moderation_id === id),
    );
    expect(rows.filter((row) => row.moderation_id === id)).toEqual([
      expect.objectContaining({
        reference: 'review-8812/photo-2',
        model: 'mobilenet_v2',
        model_verdict: 'review',
        review_cause: 'threshold',
        decision: 'reject',
        reason: 'not-the-product',
        label: 'Neutral',
        moderator: 'alice',
        policy_version: 'manifest:mobilenet_v2@4.4.0-c1',
      }),
    ]);
    const auditPath = join(stack.feedbackDir, auditLogFile);
    const audit = await pollUntil(
      async () => readFileSync(auditPath, 'utf8'),
      (text) => text.includes(id),
    );
    const entries = audit
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.filter((entry) => JSON.stringify(entry).includes(id))).toEqual([
      expect.objectContaining({ type: 'decision' }),
    ]);
    expect(entries.some((entry) => entry.type === 'startup')).toBe(true);
    expect(verifyAuditLog(audit)).toMatchObject({ intact: true });
  });

  it('never hands the same item to two moderators at once, and gives each theirs back on reload', async () => {
    const ids = await Promise.all(['a', 'b', 'c', 'd'].map((ref) => doubted(`ref-${ref}`)));
    const [first, second] = await Promise.all([next(alice), next(bob)]);
    expect(first.item && second.item).toBeTruthy();
    expect(first.item?.id).not.toBe(second.item?.id);
    expect(ids).toEqual(expect.arrayContaining([first.item?.id, second.item?.id]));
    // A reload (or a second tab) shows the moderator the item they hold, not a new one.
    expect((await next(alice)).item?.id).toBe(first.item?.id);
    // Nobody decides an item someone else holds.
    const taken = await decide(first.item?.id as string, bob, { decision: 'approve' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({
      error: 'decision-conflict',
      message: expect.stringMatching(/alice/),
    });
  });

  it('returns an item to the queue when its moderator walks away, once the lock lapses', async () => {
    const id = await doubted('walked-away');
    expect((await next(alice)).item?.id).toBe(id);
    expect((await next(bob)).item).toBeNull();
    // Alice never decides: after REVIEW_LOCK_SECONDS (and a stalled check) Bob gets the item.
    const { item } = await pollUntil(
      () => next(bob),
      (answer) => answer.item !== null,
      { timeoutMs: lockSeconds * 1000 * 4, intervalMs: 500 },
    );
    expect(item?.id).toBe(id);
    expect((await decide(id, alice, { decision: 'approve' })).status).toBe(409);
    expect((await decide(id, bob, { decision: 'approve' })).status).toBe(200);
  });

  it('keeps an item with its moderator while their page renews the hold, past the lock', async () => {
    const id = await doubted('kept');
    expect((await next(alice)).item?.id).toBe(id);
    const started = Date.now();
    while (Date.now() - started < lockSeconds * 1000 * 2) {
      const renewed = await answered(stack.client(alice).hold(id));
      expect(renewed.status).toBe(204);
      expect((await next(bob)).item).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, (lockSeconds * 1000) / 3));
    }
    // Bob cannot renew what he does not hold.
    const notHis = await answered(stack.client(bob).hold(id));
    expect(notHis.status).toBe(409);
  });

  it("puts a user's report ahead of the model's doubts", async () => {
    await doubted('doubt-1');
    await doubted('doubt-2');
    const reportedId = await doubted('reported', 'coffee.png');
    const { data: predicted } = await stack.client().predict(fixturePhoto('coffee.png'));
    if (!predicted) throw new Error('coffee.png was not classified');
    // The report is about the photo's latest moderation: the one just made.
    const report = await answered(
      stack.client().report({
        filename: predicted.filename,
        prediction: predicted.prediction,
        score: predicted.score,
        correctLabel: 'Porn',
        comment: 'look again',
      }),
    );
    expect(report.status).toBe(202);
    const { item } = await next(alice);
    expect(item).toMatchObject({
      id: predicted.moderationId,
      review: { cause: { kind: 'report', correctLabel: 'Porn', comment: 'look again' } },
    });
    expect(item?.id).not.toBe(reportedId);
  });

  it('lets a shop read a moderation with its API key, and nobody without one', async () => {
    const id = await doubted();
    expect((await send(stack.url(`/moderations/${id}`))).status).toBe(401);
    expect((await send(stack.url(`/moderations/${id}`), { headers: as(`${shop}x`) })).status).toBe(
      401,
    );
    expect((await moderation(id, shop)).state).toBe('pending-review');
    // An API key reads and decides, but does not take items from the moderators' queue.
    const taken = await answered(stack.client(shop).nextItem());
    expect(taken.status).toBe(401);
  });

  it('applies a changed policy to new answers, reused ones included, and says which version decided', async () => {
    const { body: first } = await answered(stack.client().predict(fixturePhoto('rocket.jpg')));
    expect(first).toMatchObject({
      verdict: 'review',
      policy: { version: 'manifest:mobilenet_v2@4.4.0-c1' },
    });
    // A gateway with a policy file that drops the Neutral and Drawing review thresholds again.
    const original = JSON.parse(
      readFileSync(join(workspaceRoot, 'var/models/mobilenet_v2.json'), 'utf8'),
    ).policy;
    const policyPath = join(modelDir, 'policy.json');
    writeFileSync(
      policyPath,
      JSON.stringify({ version: 'relaxed-1', models: { mobilenet_v2: original } }),
    );
    const relaxed = await stack.startGateway({ POLICY_FILE: policyPath });
    const { body: again } = await answered(
      clientFor(relaxed.url).predict(fixturePhoto('rocket.jpg')),
    );
    expect(again).toMatchObject({
      verdict: 'approved',
      reason: null,
      policy: { version: 'relaxed-1' },
      scores: first.scores,
      timing: { reused: true },
    });
    expect((await moderation(again.moderationId as string)).state).toBe('approved');
    // The gateway's start, with its policy, is in the audit log.
    const audit = await pollUntil(
      async () => readFileSync(join(stack.feedbackDir, auditLogFile), 'utf8'),
      (text) => text.includes('relaxed-1'),
    );
    const start = audit
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry.type === 'startup' && entry.service === 'gateway' && entry.policy);
    expect(start).toMatchObject({ policy: { version: 'relaxed-1' } });
    expect(verifyAuditLog(audit)).toMatchObject({ intact: true });
    await relaxed.app.stop();
  });

  it('answers a retry with the same Idempotency-Key with the first answer, adding no job and no moderation', async () => {
    const predictions = new Queue(QueueName.Prediction, {
      connection: redisConnectionOptions(stack.redis.url),
    });
    const redis = new Redis(stack.redis.url);
    const moderations = async () => (await redis.keys('moderation:record:*')).length;
    const jobs = async () => {
      const counts = await predictions.getJobCounts('waiting', 'active', 'completed', 'failed');
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    };
    try {
      const send = (key: string, reference = 'order-77') =>
        answered(
          stack
            .client()
            .predict(fixturePhoto('motorcycle_left.png'), { reference, idempotencyKey: key }),
        );
      const first = await send('7b0e9c1e-retry');
      expect(first.status).toBe(200);
      const [jobsAfterFirst, moderationsAfterFirst] = [await jobs(), await moderations()];
      const again = await send('7b0e9c1e-retry');
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect([await jobs(), await moderations()]).toEqual([jobsAfterFirst, moderationsAfterFirst]);
      const reused = await send('7b0e9c1e-retry', 'order-78');
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({ error: 'idempotency-key-reused' });
    } finally {
      await predictions.close();
      redis.disconnect();
    }
  });

  describe('the moderation page in a real browser (Debian Chromium)', () => {
    const screenshots = resolve(workspaceRoot, 'test-output/screenshots');
    const asAlice = () =>
      browser.newContext({ httpCredentials: { username: 'alice', password: alice } });

    it('shows a moderator the doubted photo and takes a rejection from the keyboard alone', async () => {
      const id = await doubted('keyboard-1');
      const context = await asAlice();
      const page = await context.newPage();
      await page.goto(stack.url('/moderation'));
      expect(await page.getAttribute('#item', 'data-moderation-id')).toBe(id);
      const decidedBefore = Number(await page.textContent('#decided-today'));
      expect(await page.textContent('#cause')).toContain('The model doubts it: Neutral is');
      expect(await page.textContent('#reference')).toBe('keyboard-1');
      const photo = await page.$eval(
        'img.photo',
        (img) => (img as { naturalWidth: number }).naturalWidth,
      );
      expect(photo).toBe(451);
      // A second tab (or a reload) shows the same photo: it is held for this moderator.
      const second = await context.newPage();
      await second.goto(stack.url('/moderation'));
      expect(await second.getAttribute('#item', 'data-moderation-id')).toBe(id);
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'moderation-page.png'), fullPage: true });

      await page.keyboard.press('r');
      expect(
        await page.evaluate(
          () =>
            (globalThis as unknown as { document: { activeElement: { id: string } } }).document
              .activeElement.id,
        ),
      ).toBe('reason');
      await page.selectOption('#reason', 'not-the-product');
      await Promise.all([page.waitForURL(/done=reject/), page.click('#reject')]);
      expect(await page.textContent('#notice')).toContain('Rejected.');
      expect(Number(await page.textContent('#decided-today'))).toBe(decidedBefore + 1);
      expect(await moderation(id)).toMatchObject({
        state: 'rejected',
        decision: { reason: 'not-the-product', moderator: 'alice' },
      });
      await context.close();
    });

    it('shows every frame of an animated photo as a still beside it, the decisive one marked', async () => {
      const stills = await Promise.all(
        ['chelsea.png', 'coffee.png', 'rocket.jpg', 'horse.png'].map((name) =>
          sharp(fixture(name)).resize(240, 180, { fit: 'fill' }).png().toBuffer(),
        ),
      );
      const gif = await sharp(stills, { join: { animated: true } })
        .gif()
        .toBuffer();
      const { status, body } = await answered(
        stack.client().predict({ bytes: gif, filename: 'clip.gif' }),
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({ verdict: 'review', frames: { total: 4, classified: 4 } });
      const { decisive, perFrame } = body.frames as { decisive: number; perFrame: unknown[] };
      expect(perFrame).toHaveLength(4);
      const id = body.moderationId as string;
      // The shop reads the same frames on the moderation.
      expect((await moderation(id)) as unknown).toMatchObject({
        model: { frames: { total: 4, decisive, perFrame } },
      });

      // The workers draw the stills after the answer, off the upload path.
      const stillUrls = [0, 1, 2, 3].map((index) =>
        stack.url(`/uploads/${(body.filename as string).slice(0, 64)}.frame-${index}.jpg`),
      );
      await pollUntil(
        () => Promise.all(stillUrls.map(async (url) => (await fetch(url)).status)),
        (statuses) => statuses.every((status) => status === 200),
      );

      const context = await asAlice();
      const page = await context.newPage();
      await page.goto(stack.url('/moderation'));
      expect(await page.getAttribute('#item', 'data-moderation-id')).toBe(id);
      expect(await page.textContent('#frame-summary')).toBe(
        `All 4 frames were classified; frame ${decisive + 1} decided.`,
      );
      const frames = page.locator('#frame-strip li');
      expect(await frames.count()).toBe(4);
      for (let index = 0; index < 4; index++) {
        const image = frames.nth(index).locator('img');
        // Each still is the worker's thumbnail, loaded: 160 px wide, the frame's aspect kept.
        await image.scrollIntoViewIfNeeded();
        await image.evaluate((img) => (img as { decode(): Promise<void> }).decode());
        expect(
          await image.evaluate((img) => {
            const { naturalWidth, naturalHeight } = img as {
              naturalWidth: number;
              naturalHeight: number;
            };
            return [naturalWidth, naturalHeight];
          }),
        ).toEqual([160, 120]);
        expect(await frames.nth(index).getAttribute('class')).toBe(
          index === decisive ? 'frame frame-decisive' : 'frame',
        );
      }
      expect(await frames.nth(decisive).textContent()).toContain('decided');
      await page.screenshot({
        path: join(screenshots, 'moderation-animation.png'),
        fullPage: true,
      });
      await Promise.all([page.waitForURL(/done=approve/), page.click('#approve')]);
      await context.close();
    });

    it('works without JavaScript on a phone: approve with the form, and back shows the next photo', async () => {
      const id = await doubted('phone-1');
      const context = await browser.newContext({
        httpCredentials: { username: 'alice', password: alice },
        javaScriptEnabled: false,
        viewport: { width: 390, height: 844 },
      });
      const page = await context.newPage();
      await page.goto(stack.url('/moderation'));
      expect(await page.getAttribute('#item', 'data-moderation-id')).toBe(id);
      // Nothing wider than the phone's screen.
      const width = await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
            .document.documentElement.scrollWidth,
      );
      expect(width).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(screenshots, 'moderation-phone.png'), fullPage: true });
      await Promise.all([page.waitForURL(/done=approve/), page.click('#approve')]);
      expect(await page.locator('#empty').count()).toBe(1);
      expect((await moderation(id)).state).toBe('approved');
      await page.goBack();
      // Back re-asks the queue: the decided photo is not shown again.
      expect(await page.locator(`[data-moderation-id='${id}']`).count()).toBe(0);
      await context.close();
    });
  });
});
