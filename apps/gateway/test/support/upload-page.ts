import type { Page } from 'playwright-core';

/**
 * Sends the upload page's form with a PDF named `invoice.jpg`, as a customer picking the wrong
 * file does, and waits for the page to say why it was refused.
 */
export async function uploadNotAnImage(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.setInputFiles('input[type=file]', {
    name: 'invoice.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.from('%PDF-1.7 an invoice'),
  });
  await page.click('#submit');
  await page.waitForSelector('.message.error');
}
