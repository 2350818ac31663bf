import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { QueueName } from '@moderation/contracts';
import { csvRows, workspaceRoot } from '@moderation/testing';
import { fixturesDir } from './support/http';
import { dataTeamToken, Stack } from './support/stack';
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
    await page.goto(stack.url('/'));
    await page.setInputFiles('input[type=file]', {
      name: 'invoice.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('%PDF-1.7 an invoice'),
    });
    await page.click('#submit');
    await page.waitForSelector('.message.error');
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
});
