import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { QueueName } from '@moderation/contracts';
import { pollUntil, workspaceRoot } from '@moderation/testing';
import { csvRows, fixturesDir } from './support/http';
import { dataTeamToken, Stack } from './support/stack';

interface PreviewImage {
  hidden: boolean;
  naturalWidth: number;
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
    await page.goto(stack.url('/'));
    await page.setInputFiles('input[type=file]', join(fixturesDir, 'chelsea.png'));
    await Promise.all([page.waitForURL(stack.url('/')), page.click('#submit')]);

    await page.waitForSelector('#result');
    const prediction = (await page.textContent('#prediction'))?.trim();
    const score = Number(await page.textContent('#score'));
    expect(prediction).toBe('Neutral');
    expect(score).toBeGreaterThan(0.5);
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('approved');
    expect(await page.textContent('#verdict')).toContain('Approved');
    expect(await page.locator('.bars li').count()).toBe(5);
    const shown = await page.$eval(
      'img.uploaded',
      (img) => (img as { naturalWidth: number }).naturalWidth,
    );
    expect(shown).toBe(451);
    await page.screenshot({ path: join(screenshotDir, 'upload-result.png'), fullPage: true });

    await page.selectOption('select[name=correctLabel]', 'Drawing');
    await page.fill('input[name=comment]', 'from the browser test');
    await Promise.all([page.waitForSelector('#notice'), page.click('#report')]);
    expect(await page.textContent('#notice')).toContain('your report was recorded');
    await page.screenshot({ path: join(screenshotDir, 'report-confirmed.png'), fullPage: true });

    const csv = join(stack.feedbackDir, 'feedback.csv');
    const rows = await pollUntil(
      () => csvRows(existsSync(csv) ? readFileSync(csv, 'utf8') : ''),
      (found) => found.length === 1,
    );
    expect(rows[0]).toMatchObject({
      prediction: 'Neutral',
      score: String(score),
      correct_label: 'Drawing',
      comment: 'from the browser test',
      model: 'mobilenet_v2',
      source: 'page',
    });
    expect(rows[0].stored_name).toMatch(/^[0-9a-f]{64}\.png$/);
  });

  it('shows the original error text when the form is sent without an image', async () => {
    const page = await browser.newPage();
    await page.goto(stack.url('/'));
    await page.click('#submit');
    await page.waitForSelector('.message.error');
    expect(await page.textContent('.message.error')).toBe('No image selected for uploading');
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
