import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import sharp from 'sharp';
import { pollUntil } from '@moderation/processes';
import { csvRows, workspaceRoot } from '@moderation/testing';
import { auditAtEverySize, contrastRatio, seriousViolations } from './support/axe-audit';
import { appendFeedbackRows, storeUpload } from './support/feedback-rows';
import { answered, clientFor, fixturePhoto } from './support/client';
import { fixture, fixturesDir } from './support/http';
import { dataTeamToken, Stack } from './support/stack';
import { uploadNotAnImage } from './support/upload-page';

const alice = 'alice-a11y-token-0123456789abcdef';

interface FocusedElement {
  name: string;
  outlineStyle: string;
  outlineWidth: string;
  outlineColor: string;
  boxShadow: string;
  /** The background the ring is drawn on: the nearest one behind the control that is painted. */
  behind: string;
}

interface StyledElement {
  id: string;
  tagName: string;
  className: string;
  parentElement: StyledElement | null;
}

interface Browserish {
  document: { activeElement: StyledElement | null };
  getComputedStyle(element: StyledElement): Record<string, string>;
}

/** The focused element, named by its id (or tag and class), and how its focus is drawn. */
function focused(page: Page): Promise<FocusedElement> {
  return page.evaluate(() => {
    const view = globalThis as unknown as Browserish;
    const element = view.document.activeElement;
    const none = { outlineStyle: 'none', outlineWidth: '0', outlineColor: '', boxShadow: 'none' };
    if (!element) return { name: '(nothing)', ...none, behind: '' };
    const style = view.getComputedStyle(element);
    let behind = 'rgb(255, 255, 255)';
    for (let around = element.parentElement; around; around = around.parentElement) {
      const color = view.getComputedStyle(around).backgroundColor;
      if (color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') {
        behind = color;
        break;
      }
    }
    const tag = element.tagName.toLowerCase();
    return {
      name: element.id
        ? `#${element.id}`
        : `${tag}${element.className ? `.${element.className}` : ''}`,
      outlineStyle: style.outlineStyle,
      outlineWidth: style.outlineWidth,
      outlineColor: style.outlineColor,
      boxShadow: style.boxShadow,
      behind,
    };
  });
}

/**
 * A focus ring someone can see: an outline at 3:1 or more against what surrounds the control
 * (WCAG 1.4.11), or a shadow drawn around it.
 */
function focusIsVisible(element: FocusedElement): boolean {
  const outline =
    element.outlineStyle !== 'none' &&
    parseFloat(element.outlineWidth) > 0 &&
    contrastRatio(element.outlineColor, element.behind) >= 3;
  return outline || (element.boxShadow !== '' && element.boxShadow !== 'none');
}

/**
 * Presses Tab until the element named `target` has the focus, and returns the names of the
 * elements focused on the way (the target last), each of which must show its focus.
 */
async function tabTo(page: Page, target: string): Promise<string[]> {
  const visited: string[] = [];
  const unseen: string[] = [];
  for (let presses = 0; presses < 20; presses++) {
    await page.keyboard.press('Tab');
    const element = await focused(page);
    visited.push(element.name);
    if (!focusIsVisible(element)) unseen.push(JSON.stringify(element));
    if (element.name === target) break;
  }
  expect(unseen).toEqual([]);
  return visited;
}

describe('every page passes an accessibility audit and works from the keyboard (Chromium, axe-core)', () => {
  let stack: Stack;
  let browser: Browser;
  /** A gateway whose policy sends harmless photos to review: moderation items and the review verdict. */
  let doubting = '';
  /** A gateway whose policy rejects harmless photos: the rejected verdict. */
  let rejecting = '';

  /**
   * Pages are opened with `bypassCSP` for the audit only: axe-core goes in as an inline script,
   * which the gateway's policy refuses; browser.e2e-spec.ts checks the pages under that policy.
   */
  const open = async (options: BrowserContextOptions = {}) => {
    const context = await browser.newContext({ bypassCSP: true, ...options });
    return { context, page: await context.newPage() };
  };
  const asDataTeam = { httpCredentials: { username: 'data-team', password: dataTeamToken } };
  const asModerator = { httpCredentials: { username: 'alice', password: alice } };

  /** Takes and approves whatever waits for review, so the queue is empty. */
  async function drainQueue(): Promise<void> {
    for (;;) {
      const { data, response } = await stack.client(alice).nextItem();
      expect(response.status).toBe(200);
      if (!data?.item) return;
      const decided = await stack.client(alice).decide(data.item.id, { decision: 'approve' });
      expect(decided.response.status).toBe(200);
    }
  }

  /**
   * Uploads a harmless photo (or the given bytes) through the doubting gateway; the moderation id
   * it waits under.
   */
  async function doubtedPhoto(
    reference: string,
    photo = fixturePhoto('chelsea.png'),
  ): Promise<string> {
    const { status, body } = await answered(clientFor(doubting).predict(photo, { reference }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ verdict: 'review' });
    return body.moderationId as string;
  }

  /** A 3-frame GIF of the fixtures, sent to review; waits for the workers' frame stills. */
  async function doubtedAnimation(reference: string): Promise<string> {
    const frames = await Promise.all(
      ['chelsea.png', 'coffee.png', 'horse.png'].map((name) =>
        sharp(fixture(name)).resize(240, 180, { fit: 'fill' }).png().toBuffer(),
      ),
    );
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    const id = await doubtedPhoto(reference, { bytes: gif, filename: 'clip.gif' });
    const { data } = await stack.client(alice).moderation(id);
    const sha = (data?.filename ?? '').slice(0, 64);
    await pollUntil(
      () =>
        Promise.all(
          [0, 1, 2].map(
            async (i) => (await fetch(stack.url(`/uploads/${sha}.frame-${i}.jpg`))).status,
          ),
        ),
      (statuses) => statuses.every((status) => status === 200),
    );
    return id;
  }

  /** Uploads a photo with the page's own form and waits for its result page. */
  async function uploadWithForm(page: Page, baseUrl: string): Promise<void> {
    await page.goto(`${baseUrl}/`);
    await page.setInputFiles('input[type=file]', join(fixturesDir, 'chelsea.png'));
    await Promise.all([page.waitForURL(/\/results\//), page.click('#submit')]);
  }

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      Stack.start({
        gatewayEnv: { MODERATOR_TOKENS: `alice:${alice}`, REVIEW_SAMPLE_RATE: '0' },
      }),
      chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu'],
      }),
    ]);
    // Two more gateways on the same Redis and worker, whose policies give the other two verdicts.
    const manifest = JSON.parse(
      readFileSync(join(workspaceRoot, 'var/models/mobilenet_v2.json'), 'utf8'),
    );
    const policyFile = (name: string, change: 'review' | 'reject') => {
      const policy = structuredClone(manifest.policy);
      policy[change] = { ...policy[change], Neutral: 0.3, Drawing: 0.3 };
      const path = join(stack.dir, `${name}.json`);
      writeFileSync(path, JSON.stringify({ version: name, models: { mobilenet_v2: policy } }));
      return path;
    };
    const [doubtingGateway, rejectingGateway] = await Promise.all([
      stack.startGateway({ POLICY_FILE: policyFile('a11y-doubting', 'review') }),
      stack.startGateway({ POLICY_FILE: policyFile('a11y-rejecting', 'reject') }),
    ]);
    doubting = doubtingGateway.url;
    rejecting = rejectingGateway.url;

    // The data team's pages with something on them: decisions with known numbers, and a report.
    mkdirSync(stack.feedbackDir, { recursive: true });
    copyFileSync(
      join(workspaceRoot, 'fixtures/decisions/decisions.csv'),
      join(stack.feedbackDir, 'decisions.csv'),
    );
    await appendFeedbackRows(stack.feedbackDir, [
      {
        received_at: '2026-01-15T10:00:00.000Z',
        report_id: 'a11y-1',
        stored_name: storeUpload(stack.uploadDir, 'chelsea.png'),
        prediction: 'Neutral',
        score: '0.93',
        model: 'mobilenet_v2',
        correct_label: 'Drawing',
        comment: 'a painting, not a photo',
        source: 'page',
        request_id: 'a11y-1',
      },
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('finds what it looks for: a line under 4.5:1 and a link without a name fail the audit', async () => {
    // The two faults the pages once had, on a page of their own: an audit that misses them is broken.
    const { context, page } = await open();
    try {
      await page.setContent(
        `<!doctype html><html lang='en'><head><title>Faults</title></head><body><main>
        <p style='color: #777; background: #fff; font-size: 0.9rem'>Model: mobilenet_v2</p>
        <a href='/uploads/photo.png'><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' alt='' /></a>
        </main></body></html>`,
      );
      const found = await seriousViolations(page, 'faults');
      expect(found).toHaveLength(2);
      expect(found).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^faults: color-contrast \(serious\) .*foreground color: #777777/),
          expect.stringMatching(
            /^faults: link-name \(serious\) Links must have discernible text; a /,
          ),
        ]),
      );
    } finally {
      await context.close();
    }
  });

  it('finds no serious violation on the upload page, each verdict, the thank-you page and the error pages', async () => {
    const { context, page } = await open();
    const found: string[] = [];
    try {
      await page.goto(stack.url('/'));
      found.push(...(await auditAtEverySize(page, 'upload page')));

      for (const [verdict, baseUrl] of [
        ['approved', stack.baseUrl],
        ['review', doubting],
        ['rejected', rejecting],
      ]) {
        await uploadWithForm(page, baseUrl);
        expect(await page.getAttribute('#verdict', 'data-verdict')).toBe(verdict);
        found.push(...(await auditAtEverySize(page, `result page (${verdict})`)));
      }

      await uploadWithForm(page, stack.baseUrl);
      await page.fill('#comment', 'audited');
      await Promise.all([page.waitForURL(/reported=1/), page.click('#report')]);
      expect(await page.textContent('#notice')).toContain('your report was recorded');
      found.push(...(await auditAtEverySize(page, 'thank-you page')));

      await page.goto(stack.url('/'));
      await page.click('#submit');
      await page.waitForSelector('.message.error');
      found.push(...(await auditAtEverySize(page, 'error page (no file)')));

      await uploadNotAnImage(page, stack.baseUrl);
      found.push(...(await auditAtEverySize(page, 'error page (not an image)')));

      const missing = await page.goto(stack.url(`/results/${'0'.repeat(64)}.png`));
      expect(missing?.status()).toBe(404);
      found.push(...(await auditAtEverySize(page, 'error page (404)')));
    } finally {
      await context.close();
    }
    expect(found).toEqual([]);
  });

  it('tells each verdict in words, with a border that stands out from the page', async () => {
    const { context, page } = await open();
    try {
      for (const [verdict, word, baseUrl] of [
        ['approved', 'Approved', stack.baseUrl],
        ['review', 'Needs review', doubting],
        ['rejected', 'Rejected', rejecting],
      ]) {
        await uploadWithForm(page, baseUrl);
        expect(await page.getAttribute('#verdict', 'data-verdict')).toBe(verdict);
        expect(await page.textContent('#verdict')).toMatch(new RegExp(`^${word}`));
        const shown = await page.evaluate(() => {
          const view = globalThis as unknown as {
            document: { querySelector(selector: string): unknown; documentElement: unknown };
            getComputedStyle(element: unknown): Record<string, string>;
          };
          const style = (selector: string) =>
            view.getComputedStyle(view.document.querySelector(selector));
          return {
            border: style('#result').borderLeftColor,
            borderWidth: style('#result').borderLeftWidth,
            card: style('#result').backgroundColor,
            page: view.getComputedStyle(view.document.documentElement).backgroundColor,
            weight: style('#verdict').fontWeight,
            size: style('#verdict').fontSize,
            text: style('.lead').fontSize,
          };
        });
        // Non-text contrast (WCAG 1.4.11): the border against the card and against the page.
        expect(contrastRatio(shown.border, shown.card)).toBeGreaterThanOrEqual(3);
        expect(contrastRatio(shown.border, shown.page)).toBeGreaterThanOrEqual(3);
        expect(parseFloat(shown.borderWidth)).toBeGreaterThanOrEqual(4);
        // The words are what tells the verdict: bold and larger than the text around them.
        expect(Number(shown.weight)).toBeGreaterThanOrEqual(600);
        expect(parseFloat(shown.size)).toBeGreaterThan(parseFloat(shown.text));
      }
    } finally {
      await context.close();
    }
  });

  it("finds no serious violation on the data team's report list and quality dashboard", async () => {
    const { context, page } = await open(asDataTeam);
    const found: string[] = [];
    try {
      await page.goto(stack.url('/feedback/review'));
      expect(await page.locator('.review tbody tr').count()).toBeGreaterThan(0);
      found.push(...(await auditAtEverySize(page, 'report list')));
      await page.goto(stack.url('/feedback/review?model=no-such-model'));
      expect(await page.locator('.review tbody tr').count()).toBe(0);
      found.push(...(await auditAtEverySize(page, 'report list (nothing matches)')));

      await page.goto(stack.url('/data-team'));
      expect((await page.textContent('#decision-count'))?.trim()).toBe('12');
      found.push(...(await auditAtEverySize(page, 'quality dashboard')));
      // Every chart is an image with a name, and its numbers are in text beside it.
      const charts = await page.$$eval('svg', (svgs) =>
        svgs.map((svg) => {
          const chart = svg as unknown as {
            getAttribute(name: string): string | null;
            closest(selector: string): {
              querySelectorAll(selector: string): Iterable<{ textContent: string | null }>;
            } | null;
          };
          const captions = chart.closest('section')?.querySelectorAll('figcaption, table') ?? [];
          return {
            role: chart.getAttribute('role'),
            label: chart.getAttribute('aria-label') ?? '',
            beside: [...captions].map((caption) => caption.textContent ?? '').join(' '),
          };
        }),
      );
      expect(charts.length).toBeGreaterThan(0);
      for (const chart of charts) {
        expect(chart.role).toBe('img');
        expect(chart.label).toMatch(/\d/);
        expect(chart.beside).toMatch(/\d/);
      }
    } finally {
      await context.close();
    }
    expect(found).toEqual([]);
  });

  it('finds no serious violation on the moderation page, with a photo, an animation and none', async () => {
    await drainQueue();
    const id = await doubtedPhoto('a11y-audit');
    const { context, page } = await open(asModerator);
    const found: string[] = [];
    try {
      await page.goto(stack.url('/moderation'));
      expect(await page.getAttribute('#item', 'data-moderation-id')).toBe(id);
      found.push(...(await auditAtEverySize(page, 'moderation page')));
      await Promise.all([page.waitForURL(/done=approve/), page.click('#approve')]);

      const animated = await doubtedAnimation('a11y-animation');
      await page.goto(stack.url('/moderation'));
      expect(await page.getAttribute('#item', 'data-moderation-id')).toBe(animated);
      expect(await page.locator('#frame-strip li').count()).toBe(3);
      found.push(...(await auditAtEverySize(page, 'moderation page (animation, frame strip)')));
      await Promise.all([page.waitForURL(/done=approve/), page.click('#approve')]);
      expect(await page.locator('#empty').count()).toBe(1);
      found.push(...(await auditAtEverySize(page, 'moderation page (empty)')));
    } finally {
      await context.close();
    }
    expect(found).toEqual([]);
  });

  it('uploads a photo and reports a wrong answer from the keyboard alone, the focus always visible', async () => {
    const { context, page } = await open({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(stack.url('/'));
      expect(await tabTo(page, '#file')).toEqual(['a.brand', '#file']);
      // Space on the file field opens the file chooser, as it does for a person.
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.keyboard.press('Space'),
      ]);
      await chooser.setFiles(join(fixturesDir, 'coffee.png'));
      expect(await tabTo(page, '#submit')).toEqual(['#submit']);
      await Promise.all([page.waitForURL(/\/results\//), page.keyboard.press('Enter')]);
      expect(await page.textContent('#prediction')).toBeTruthy();

      expect(await tabTo(page, '#report')).toEqual([
        'a.brand',
        '#file',
        '#submit',
        '#correct-label',
        '#comment',
        '#report',
      ]);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      expect((await focused(page)).name).toBe('#correct-label');
      // A closed menu takes the arrow keys: the first class after "(not sure)".
      await page.keyboard.press('ArrowDown');
      const label = await page.inputValue('#correct-label');
      expect(label).not.toBe('');
      await page.keyboard.press('Tab');
      await page.keyboard.type('typed at the keyboard');
      expect(await tabTo(page, '#report')).toEqual(['#report']);
      await Promise.all([page.waitForURL(/reported=1/), page.keyboard.press('Space')]);
      expect(await page.textContent('#notice')).toContain('your report was recorded');

      const csv = join(stack.feedbackDir, 'feedback.csv');
      const rows = await pollUntil(
        () => csvRows(existsSync(csv) ? readFileSync(csv, 'utf8') : ''),
        (found) => found.some((row) => row.comment === 'typed at the keyboard'),
      );
      expect(rows.find((row) => row.comment === 'typed at the keyboard')).toMatchObject({
        correct_label: label,
        source: 'page',
      });
    } finally {
      await context.close();
    }
  });

  it("takes a moderator's rejection from the keyboard alone, the focus always visible", async () => {
    await drainQueue();
    const id = await doubtedPhoto('a11y-keyboard');
    const { context, page } = await open({
      ...asModerator,
      viewport: { width: 1280, height: 900 },
    });
    try {
      await page.goto(stack.url('/moderation'));
      expect(await page.getAttribute('#item', 'data-moderation-id')).toBe(id);
      expect(await tabTo(page, '#reason')).toEqual([
        'a.brand',
        'a.photo-link',
        '#approve',
        '#reason',
      ]);
      await page.keyboard.press('ArrowDown');
      const reason = await page.inputValue('#reason');
      expect(reason).not.toBe('');
      expect(await tabTo(page, '#reject')).toEqual(['#label', '#note', '#reject']);
      await Promise.all([page.waitForURL(/done=reject/), page.keyboard.press('Enter')]);
      expect(await page.textContent('#notice')).toContain('Rejected.');
      const { body } = await answered(stack.client(alice).moderation(id));
      expect(body).toMatchObject({
        state: 'rejected',
        decision: { decision: 'reject', reason, moderator: 'alice' },
      });
      // The empty page's one control shows its focus too.
      expect(await tabTo(page, 'a')).toEqual(['a.brand', 'a']);
    } finally {
      await context.close();
    }
  });
});
