import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { QueueName } from '@moderation/contracts';
import { csvRows, workspaceRoot } from '@moderation/testing';
import { fixturesDir } from './support/http';
import { dataTeamToken, Stack } from './support/stack';
import { uploadNotAnImage } from './support/upload-page';
import { appendFeedbackRows, storeUpload } from './support/feedback-rows';
import { pollUntil } from '@moderation/processes';

interface PreviewImage {
  hidden: boolean;
  naturalWidth: number;
}

interface Doc {
  document: { compatMode: string };
}

/** Errors and warnings the page logs to the console, and uncaught exceptions. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (['error', 'warning'].includes(message.type())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** Screenshots land here (git-ignored) for a person to look at after a run. */
const screenshotDir = resolve(workspaceRoot, 'test-output/screenshots');

describe('the upload page in a real browser (Debian Chromium)', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      Stack.start(),
      chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu'],
      }),
    ]);
    mkdirSync(screenshotDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('uploads a photo, shows the class, score and verdict, and records a report of a wrong answer', async () => {
    const page = await browser.newPage();
    const problems = watchConsole(page);
    await page.goto(stack.url('/'));
    // A doctype puts the page in standards mode; without one Chromium renders in quirks mode.
    expect(await page.evaluate(() => (globalThis as unknown as Doc).document.compatMode)).toBe(
      'CSS1Compat',
    );
    await page.setInputFiles('input[type=file]', join(fixturesDir, 'chelsea.png'));
    await Promise.all([page.waitForURL(/\/results\/[0-9a-f]{64}\.png$/), page.click('#submit')]);
    const resultUrl = page.url();

    await page.waitForSelector('#result');
    const prediction = (await page.textContent('#prediction'))?.trim();
    const score = Number(await page.textContent('#score'));
    expect(prediction).toBe('Neutral');
    expect(score).toBeGreaterThan(0.5);
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('approved');
    expect(await page.textContent('#verdict')).toContain('Approved');
    expect(await page.textContent('#why')).toContain('No class reached');
    expect(await page.locator('.bars li').count()).toBe(5);
    expect(await page.locator('.bars .value').first().textContent()).toMatch(/^\d+\.\d %$/);
    const shown = await page.$eval(
      'img.uploaded',
      (img) => (img as { naturalWidth: number }).naturalWidth,
    );
    expect(shown).toBe(451);
    await page.screenshot({ path: join(screenshotDir, 'upload-result.png'), fullPage: true });

    // Reloading the result asks for the page again; it never uploads the photo a second time.
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    await page.reload();
    expect(posts).toEqual([]);
    expect(await page.textContent('#prediction')).toBe('Neutral');

    // The menu's default, "(not sure)", is a report like any other.
    expect(await page.inputValue('select[name=correctLabel]')).toBe('');
    await page.fill('input[name=comment]', 'from the browser test');
    await Promise.all([page.waitForSelector('#notice'), page.click('#report')]);
    expect(await page.textContent('#notice')).toContain('your report was recorded');
    // The result the report was about is still on screen, at its own address.
    expect(page.url()).toContain(`${resultUrl}?`);
    expect(await page.textContent('#prediction')).toBe('Neutral');
    await page.screenshot({ path: join(screenshotDir, 'report-confirmed.png'), fullPage: true });

    // A second report from the same page, with a class chosen.
    await page.selectOption('select[name=correctLabel]', 'Drawing');
    await Promise.all([page.waitForURL(/reported=1/), page.click('#report')]);
    const csv = join(stack.feedbackDir, 'feedback.csv');
    const rows = await pollUntil(
      () => csvRows(existsSync(csv) ? readFileSync(csv, 'utf8') : ''),
      (found) => found.length === 2,
    );
    // Reloading the confirmation does not send the report again.
    await page.reload();
    expect(posts.filter((url) => url.endsWith('/feedback'))).toHaveLength(2);
    expect(rows.map((row) => row.correct_label)).toEqual(['', 'Drawing']);
    expect(rows[0]).toMatchObject({
      prediction: 'Neutral',
      score: String(score),
      comment: 'from the browser test',
      model: 'mobilenet_v2',
      source: 'page',
    });
    expect(rows[0].stored_name).toMatch(/^[0-9a-f]{64}\.png$/);

    const icon = await page.goto(stack.url('/favicon.ico'));
    expect(icon?.status()).toBe(200);
    expect(icon?.headers()['content-type']).toContain('image/svg+xml');
    expect(problems).toEqual([]);
  });

  it('shows the original error text when the form is sent without an image', async () => {
    const page = await browser.newPage();
    await page.goto(stack.url('/'));
    await page.click('#submit');
    await page.waitForSelector('.message.error');
    expect(await page.textContent('.message.error')).toBe('No image selected for uploading');
    expect(await page.evaluate(() => (globalThis as unknown as Doc).document.compatMode)).toBe(
      'CSS1Compat',
    );
  });

  it('shows which image types are allowed when the file is not an image', async () => {
    const page = await browser.newPage();
    await uploadNotAnImage(page, stack.baseUrl);
    expect(await page.textContent('.message.error')).toBe(
      'Allowed image types are -> png, jpg, jpeg, gif, webp, tiff',
    );
  });

  it('runs the page script, Swagger UI and the queue board under the security policy', async () => {
    const context = await browser.newContext({
      extraHTTPHeaders: { authorization: `Bearer ${dataTeamToken}` },
    });
    const blocked: string[] = [];
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    try {
      await page.goto(stack.url('/'));
      await page.setInputFiles('input[type=file]', join(fixturesDir, 'chelsea.png'));
      // The preview is the script's work, shown from a blob: URL.
      await page.waitForFunction(() => {
        const { document } = globalThis as unknown as {
          document: { querySelector(selector: string): PreviewImage | null };
        };
        const preview = document.querySelector('#preview');
        return preview !== null && !preview.hidden && preview.naturalWidth === 451;
      });

      await page.goto(stack.url('/docs'));
      await page.waitForSelector('.swagger-ui .info .title');
      expect(await page.textContent('.swagger-ui .info .title')).toContain('Image moderation');
      await page.waitForSelector('.opblock-summary-path >> text=/predict');

      await page.goto(stack.url('/admin/queues'));
      await page.waitForSelector(`text=${QueueName.Prediction}`);
      await page.screenshot({ path: join(screenshotDir, 'queue-board.png'), fullPage: true });
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('fits the review page to a phone, shows local times and narrows the list with its filters', async () => {
    // Reports at known times, under model ids only this test uses, beside whatever others wrote.
    const storedName = storeUpload(stack.uploadDir, 'chelsea.png');
    const report = (id: string, receivedAt: string, model: string, source: string) => ({
      received_at: receivedAt,
      report_id: `phone-${id}`,
      stored_name: storedName,
      prediction: 'Neutral',
      score: '0.93',
      model,
      correct_label: 'Drawing',
      comment: `phone test ${id}: a long comment without spaces ${'x'.repeat(80)}`,
      source,
      request_id: `phone-${id}`,
    });
    await appendFeedbackRows(stack.feedbackDir, [
      report('a', '2026-01-14T09:00:00.000Z', 'phone_model_a', 'json'),
      report('b', '2026-01-15T23:30:00.000Z', 'phone_model_a', 'report'),
      report('c', '2026-01-15T10:00:00.000Z', 'phone_model_b', 'page'),
    ]);
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      timezoneId: 'Asia/Tokyo',
      locale: 'en-GB',
      extraHTTPHeaders: { authorization: `Bearer ${dataTeamToken}` },
    });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    interface Root {
      document: { documentElement: { scrollWidth: number; clientWidth: number } };
    }
    const overflow = () =>
      page.evaluate(() => {
        const root = (globalThis as unknown as Root).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
    const models = () => page.locator(".review td[data-label='Model']").allTextContents();
    try {
      await page.goto(stack.url('/feedback/review'));
      expect(await overflow()).toBeLessThanOrEqual(0);
      // On a phone the table is one card per report.
      const display = await page.$eval('.review tbody tr', (row) => {
        const view = globalThis as unknown as { getComputedStyle(e: unknown): { display: string } };
        return view.getComputedStyle(row).display;
      });
      expect(display).toBe('block');

      // 23:30 UTC is 08:30 the next morning in Tokyo; the UTC text stays as the tooltip.
      const time = page.locator("time[datetime='2026-01-15T23:30:00.000Z']");
      const shown = await pollUntil(
        () => time.textContent(),
        (text) => !text?.includes('UTC'),
        { timeoutMs: 5_000 },
      );
      expect(shown).toMatch(/^16 Jan 2026, 08:30 (GMT\+9|JST)$/);
      expect(await time.getAttribute('title')).toBe('2026-01-15 23:30 UTC');
      expect(await page.locator('time.local-time', { hasText: 'UTC' }).count()).toBe(0);
      const before = (await models()).length;
      await page.screenshot({ path: join(screenshotDir, 'review-phone.png'), fullPage: true });

      await page.selectOption('#filter-model', 'phone_model_a');
      await Promise.all([page.waitForURL(/model=/), page.click('#apply-filters')]);
      // Empty fields are left out of the address to share.
      expect(new URL(page.url()).search).toBe('?model=phone_model_a');
      expect(await models()).toEqual(['phone_model_a', 'phone_model_a']);
      expect(before).toBeGreaterThan(2);
      expect(await page.inputValue('#filter-model')).toBe('phone_model_a');

      await page.selectOption('#filter-source', 'json');
      await page.fill('#filter-to', '2026-01-14');
      await Promise.all([page.waitForURL(/source=json/), page.click('#apply-filters')]);
      expect(new URL(page.url()).search).toBe('?source=json&model=phone_model_a&to=2026-01-14');
      expect(await page.locator(".review td[data-label='Comment']").allTextContents()).toEqual([
        expect.stringContaining('phone test a'),
      ]);
      expect(await page.textContent('#review-summary')).toBe(
        '1 report matches the filters. Page 1 of 1.',
      );
      expect(await overflow()).toBeLessThanOrEqual(0);

      await Promise.all([page.waitForURL(/\/feedback\/review$/), page.click('#clear-filters')]);
      expect(await models()).toHaveLength(before);
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the data team the model quality, with charts a screen reader can read', async () => {
    // Twelve decisions whose numbers libs/quality's quality-report.spec.ts works out by hand.
    mkdirSync(stack.feedbackDir, { recursive: true });
    copyFileSync(
      join(workspaceRoot, 'fixtures/decisions/decisions.csv'),
      join(stack.feedbackDir, 'decisions.csv'),
    );
    // A browser asks for the data team token as the password of a login.
    const context = await browser.newContext({
      httpCredentials: { username: 'data-team', password: dataTeamToken },
    });
    interface Chart {
      getAttribute(name: string): string | null;
      getBoundingClientRect(): { width: number; height: number };
    }
    try {
      const page = await context.newPage();
      const problems = watchConsole(page);
      const response = await page.goto(stack.url('/data-team?precision=0.95'));
      expect(response?.status()).toBe(200);
      const shown = async (selector: string) => (await page.textContent(selector))?.trim();
      expect(await shown('#decision-count')).toBe('12');
      expect(await shown('#backlog-waiting')).toMatch(/^\d+$/);
      expect(await shown('#waited-median')).toBe('1 min 23 s');
      expect(await shown('#confusion-review-reject')).toMatch(/^3\b/);
      expect(await shown('#precision-Neutral')).toBe('60.0 %');
      expect(await shown('#sampled-share')).toBe('25.0 %');
      expect([await shown('#sampled-low'), await shown('#sampled-high')]).toEqual([
        '4.6 %',
        '69.9 %',
      ]);
      expect(await shown('#threshold-Hentai')).toBe('0.45');
      expect(await shown('#threshold-Porn')).toBe('–');

      const charts = await page.$$eval('svg', (svgs) =>
        svgs.map((svg) => {
          const chart = svg as unknown as Chart;
          return {
            role: chart.getAttribute('role'),
            label: chart.getAttribute('aria-label') ?? '',
            width: chart.getBoundingClientRect().width,
          };
        }),
      );
      // Backlog, photos per day, decisions per day, waited, took, per class, sampled share.
      expect(charts).toHaveLength(7);
      for (const chart of charts) {
        expect(chart.role).toBe('img');
        expect(chart.label.length).toBeGreaterThan(20);
        expect(chart.width).toBeGreaterThan(200);
      }
      expect(await page.locator('svg.column-chart rect.reject').count()).toBe(4);
      // The photos this suite uploaded today are counted, by the model's verdict.
      const today = new Date().toISOString().slice(0, 10);
      const photosToday = await page
        .locator(`#photos-per-day tr[data-day='${today}'] td`)
        .allTextContents();
      expect(Number(photosToday[0])).toBeGreaterThan(0);
      // A day without photos draws no bar: every segment of the chart is as wide as its count.
      const drawn = await page.$$eval("section[aria-labelledby='photos-heading'] rect", (rects) =>
        rects.map((rect) => ({
          width: (rect as unknown as Chart).getBoundingClientRect().width,
          attribute: Number((rect as unknown as Chart).getAttribute('width')),
        })),
      );
      expect(drawn.length).toBe(14 * 3);
      expect(
        drawn.filter(({ attribute }) => attribute === 0).every(({ width }) => width === 0),
      ).toBe(true);
      await page.screenshot({ path: join(screenshotDir, 'data-team.png'), fullPage: true });

      // The form asks again for another target precision, without a script.
      await page.fill('input[name=precision]', '0.5');
      await Promise.all([page.waitForURL(/precision=0\.5/), page.click('.quality-filter button')]);
      expect(await shown('#threshold-Porn')).toBe('0.03');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
