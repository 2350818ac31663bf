import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeToString } from 'fast-csv';
import {
  feedbackCsvColumns,
  feedbackCsvFile,
  JobName,
  QueueName,
  type FeedbackCsvRow,
} from '@moderation/contracts';
import { ModelVersions } from '../prediction/model-versions';
import { fakeModerationService } from '../testing/fake-moderation';
import { ModerationService } from '../moderation/moderation.service';
import { controllerSetup, testDataTeamToken, type TestApp } from '../testing/controller-setup';
import { announcedModelsQueue, queueProvider, recordingQueue } from '../testing/fake-queues';
import { UploadStore } from '../uploads/upload-store';
import { FeedbackCsvReader } from './feedback-csv.reader';
import { FeedbackController } from './feedback.controller';
import { FeedbackService } from './feedback.service';

const stored = `${'ab'.repeat(32)}.png`;
const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...browser },
  body: new URLSearchParams(fields).toString(),
});
const pageReport = {
  filename: stored,
  prediction: 'Neutral',
  score: '0.93',
  model: 'mobilenet_v2',
  correctLabel: '',
  comment: '',
};

const dataTeam = { authorization: `Bearer ${testDataTeamToken}` };

/** A report as the worker writes it; `comment` names it in the page. */
const csvRow = (
  comment: string,
  received_at: string,
  prediction: string,
  correct_label: string,
  source: string,
  model: string,
): FeedbackCsvRow => ({
  received_at,
  report_id: `id-${comment}`,
  stored_name: stored,
  prediction,
  score: '0.9',
  model,
  correct_label,
  comment,
  source,
  request_id: `req-${comment}`,
});

/** Oldest first, as they stand in the file. */
const reviewRows = [
  csvRow('r1', '2026-01-10T08:00:00.000Z', 'Sexy', 'Neutral', 'page', 'mobilenet_v2'),
  csvRow('r2', '2026-01-11T09:00:00.000Z', 'Neutral', 'Drawing', 'json', 'mobilenet_v2'),
  csvRow('r3', '2026-01-12T23:59:59.999Z', 'Porn', '', 'report', 'inception_v3'),
  csvRow('r4', '2026-01-13T00:00:00.000Z', 'Sexy', 'Neutral', 'json', 'inception_v3'),
  csvRow('r5', '2026-01-15T12:30:00.000Z', 'Hentai', 'Drawing', 'page', 'mobilenet_v2'),
];

/** Handlebars' escapes in attributes, undone. */
const unescape = (html: string) =>
  html
    .replace(/&#x3D;/g, '=')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** What a review page shows: the reports (by comment, in order), its summary and its links. */
function readReview(html: string) {
  const link = (id: string) => {
    const found = new RegExp(`<a href='([^']*)'[^>]* id='${id}'>`).exec(html);
    return found ? unescape(found[1]) : undefined;
  };
  return {
    comments: [...html.matchAll(/data-label='Comment'>([^<]*)<\/td>/g)].map((m) => m[1]),
    summary: /<p id='review-summary' role='status'>([^<]*)<\/p>/.exec(html)?.[1],
    pager: /<span>(Page \d+ of \d+)<\/span>/.exec(html)?.[1],
    newer: link('page-newer'),
    older: link('page-older'),
    back: link('page-back'),
    selected: [...html.matchAll(/<option value='([^']*)' selected>/g)].map((m) => m[1]),
  };
}

describe('FeedbackController (in process)', () => {
  let app: TestApp;
  let queue: ReturnType<typeof recordingQueue>;
  let moderations: ReturnType<typeof fakeModerationService>;

  async function start(env: Record<string, string> = {}): Promise<TestApp> {
    queue = recordingQueue();
    moderations = fakeModerationService();
    const started = await controllerSetup({
      controllers: [FeedbackController],
      providers: [
        FeedbackService,
        FeedbackCsvReader,
        ModelVersions,
        UploadStore,
        queueProvider(QueueName.Feedback, queue),
        queueProvider(QueueName.Prediction, announcedModelsQueue()),
        { provide: ModerationService, useValue: moderations },
      ],
      env,
    });
    writeFileSync(join(started.env.UPLOAD_DIR, stored), 'stored bytes');
    return started;
  }

  beforeEach(async () => {
    app = await start();
  });

  afterEach(() => app.close());

  it('queues a JSON report and answers 202 with its id', async () => {
    const response = await app.fetch('/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        filename: stored,
        prediction: 'Sexy',
        score: 0.9,
        correctLabel: 'Neutral',
      }),
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { reportId: string };
    expect(queue.added).toEqual([
      {
        name: JobName.RecordFeedback,
        data: expect.objectContaining({
          reportId: body.reportId,
          storedName: stored,
          prediction: 'Sexy',
          correctLabel: 'Neutral',
          source: 'json',
        }),
        options: { jobId: body.reportId },
      },
    ]);
    // The reported photo goes to a person, with what the user said.
    expect(moderations.reports).toEqual([
      { reportId: body.reportId, storedName: stored, correctLabel: 'Neutral', comment: undefined },
    ]);
  });

  it('sends a browser back to the result it reported, with the class left at "not sure"', async () => {
    const response = await app.fetch('/feedback', form(pageReport));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/results/${stored}?model=mobilenet_v2&reported=1`,
    );
    expect(queue.added[0].data).toMatchObject({ source: 'page', correctLabel: undefined });
  });

  it('answers the same form from a client with JSON, urlencoded or multipart', async () => {
    const urlencoded = await app.fetch('/feedback', {
      ...form(pageReport),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const multipart = new FormData();
    for (const [name, value] of Object.entries(pageReport)) multipart.append(name, value);
    const fromMultipart = await app.fetch('/feedback', { method: 'POST', body: multipart });
    for (const response of [urlencoded, fromMultipart]) {
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ success: true, reportId: expect.any(String) });
    }
    expect(queue.added).toHaveLength(2);
  });

  it("answers the original service's report field from a browser with the page", async () => {
    const response = await app.fetch(
      '/feedback',
      form({ report: `{'filename': '${stored}', 'prediction': 'Porn', 'score': 1. }` }),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Thank you: your report was recorded.');
    expect(queue.added[0].data).toMatchObject({ source: 'report', prediction: 'Porn', score: 1 });
  });

  it.each([
    ['a class the model does not have', { correctLabel: 'Banana' }, 400, 'unknown-label'],
    ['a predicted class the model does not have', { prediction: 'Cat' }, 400, 'unknown-label'],
    ['a file never stored', { filename: `${'cd'.repeat(32)}.png` }, 400, 'unknown-file'],
    ['a score out of range', { score: '7' }, 400, 'bad-request'],
  ])('refuses %s with the error shape and queues nothing', async (_case, change, status, code) => {
    const response = await app.fetch('/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...pageReport, score: 0.5, ...change }),
    });
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({
      statusCode: status,
      error: code,
      message: expect.any(String),
    });
    expect(queue.added).toEqual([]);
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }, 'filename=x', 415],
    ['XML', { 'content-type': 'application/xml' }, '<report/>', 415],
    ['no body at all', {}, undefined, 400],
    ['malformed JSON', { 'content-type': 'application/json' }, '{"filename": ', 400],
  ])('answers %s with a 4xx in the error shape', async (_case, headers, body, status) => {
    const response = await app.fetch('/feedback', { method: 'POST', headers, body });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ statusCode: status, error: expect.any(String) });
  });

  it('shows a browser the page with the reason when its report is refused', async () => {
    const response = await app.fetch('/feedback', form({ ...pageReport, correctLabel: 'Banana' }));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('correctLabel must be one of the model');
  });

  it('answers 503 and queues nothing when Redis does not take the report in time', async () => {
    queue.add.mockImplementation(() => new Promise(() => undefined));
    const response = await app.fetch('/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...pageReport, score: 0.5 }),
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'unavailable' });
  });

  it('lets only the data team export and review, and says how to sign in', async () => {
    for (const path of ['/feedback/export', '/feedback/review']) {
      const denied = await app.fetch(path);
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toMatch(/^Basic/);
      const allowed = await app.fetch(path, {
        headers: { authorization: `Bearer ${testDataTeamToken}` },
      });
      expect(allowed.status).toBe(200);
    }
    const csv = await app.fetch('/feedback/export', {
      headers: { authorization: `Bearer ${testDataTeamToken}` },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  });

  describe('the review page', () => {
    async function writeReports(rows: FeedbackCsvRow[]): Promise<void> {
      mkdirSync(app.env.FEEDBACK_DIR, { recursive: true });
      const text = await writeToString(rows, {
        headers: [...feedbackCsvColumns],
        includeEndRowDelimiter: true,
      });
      writeFileSync(join(app.env.FEEDBACK_DIR, feedbackCsvFile), text);
    }

    async function review(query = ''): Promise<ReturnType<typeof readReview> & { html: string }> {
      const response = await app.fetch(`/feedback/review${query}`, { headers: dataTeam });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      return { ...readReview(html), html };
    }

    beforeEach(() => writeReports(reviewRows));

    it('lists every report, newest first, with its time in UTC for the script to localise', async () => {
      const page = await review();
      expect(page.comments).toEqual(['r5', 'r4', 'r3', 'r2', 'r1']);
      expect(page.summary).toBe('5 reports. Page 1 of 1.');
      expect(page.pager).toBe('Page 1 of 1');
      expect(page).toMatchObject({ newer: undefined, older: undefined, selected: [] });
      expect(page.html).toMatch(
        /<time\s+datetime='2026-01-15T12:30:00.000Z'\s+class='local-time'\s*>2026-01-15 12:30 UTC<\/time>/,
      );
      // External and deferred: the security policy refuses inline scripts.
      expect(page.html).toContain("<script src='/static/review.js' defer></script>");
      expect(page.html).not.toMatch(/<script(?![^>]*\bsrc=)/);
      const script = await app.fetch('/static/review.js');
      expect(script.status).toBe(200);
      expect(await script.text()).toContain('Intl.DateTimeFormat');
    });

    it('names every thumbnail link for screen readers', async () => {
      const { html } = await review();
      const links = [...html.matchAll(/<a\s[^>]*href='\/uploads\/[^>]*>/g)].map((m) => m[0]);
      expect(links).toHaveLength(5);
      for (const link of links) expect(link).toContain("aria-label='Open the reported photo'");
    });

    it.each([
      ['prediction', '?prediction=Sexy', ['r4', 'r1']],
      ['correctLabel', '?correctLabel=Drawing', ['r5', 'r2']],
      ['source', '?source=json', ['r4', 'r2']],
      ['model', '?model=inception_v3', ['r4', 'r3']],
      ['from (inclusive)', '?from=2026-01-12', ['r5', 'r4', 'r3']],
      ['to (inclusive, to the last millisecond)', '?to=2026-01-12', ['r3', 'r2', 'r1']],
      ['from and to on one day', '?from=2026-01-13&to=2026-01-13', ['r4']],
    ])('filters on %s alone', async (_filter, query, comments) => {
      const page = await review(query);
      expect(page.comments).toEqual(comments);
      const matching =
        comments.length === 1 ? '1 report matches' : `${comments.length} reports match`;
      expect(page.summary).toBe(`${matching} the filters. Page 1 of 1.`);
    });

    it('combines the filters, and keeps the chosen values in the form', async () => {
      const page = await review(
        '?prediction=Sexy&correctLabel=Neutral&source=json&model=inception_v3&from=2026-01-11&to=2026-01-14',
      );
      expect(page.comments).toEqual(['r4']);
      expect(page.summary).toBe('1 report matches the filters. Page 1 of 1.');
      expect(page.selected).toEqual(['Sexy', 'Neutral', 'json', 'inception_v3']);
      expect(page.html).toContain("name='from' id='filter-from' value='2026-01-11'");
      expect(page.html).toContain("name='to' id='filter-to' value='2026-01-14'");
      expect(page.html).toContain("<a href='/feedback/review' id='clear-filters'>");
      expect((await review('?prediction=Sexy&source=page')).comments).toEqual(['r1']);
    });

    it('offers the values seen in the file in its menus, and treats empty fields as "any"', async () => {
      const page = await review('?prediction=&correctLabel=&source=&model=&from=&to=');
      expect(page.comments).toHaveLength(5);
      expect(page.summary).toBe('5 reports. Page 1 of 1.');
      const options = (name: string) =>
        [
          ...(
            new RegExp(`<select name='${name}'[^>]*>([\\s\\S]*?)</select>`).exec(page.html)?.[1] ??
            ''
          ).matchAll(/<option value='([^']*)'/g),
        ].map((m) => m[1]);
      expect(options('prediction')).toEqual(['', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
      expect(options('correctLabel')).toEqual(['', 'Drawing', 'Neutral']);
      expect(options('source')).toEqual(['', 'page', 'json', 'report']);
      expect(options('model')).toEqual(['', 'inception_v3', 'mobilenet_v2']);
    });

    it('says so when no report matches, and when there is no report at all', async () => {
      const none = await review('?prediction=Drawing');
      expect(none.comments).toEqual([]);
      expect(none.summary).toBe('No report matches the filters.');
      // A class no report has (any more) stays chosen in the form.
      expect(none.selected).toEqual(['Drawing']);
      await writeReports([]);
      expect((await review()).summary).toBe('No report yet.');
    });

    describe(`by pages`, () => {
      beforeEach(async () => {
        await app.close();
        app = await start({ REVIEW_PAGE_SIZE: '2' });
        await writeReports(reviewRows);
      });

      it('pages newest first, with the total, "page N of M" and links between pages', async () => {
        const first = await review();
        expect(first.comments).toEqual(['r5', 'r4']);
        expect(first.summary).toBe('5 reports. Page 1 of 3.');
        expect(first).toMatchObject({ newer: undefined, older: '/feedback/review?page=2' });
        const second = await review('?page=2');
        expect(second.comments).toEqual(['r3', 'r2']);
        expect(second.pager).toBe('Page 2 of 3');
        expect(second).toMatchObject({
          newer: '/feedback/review',
          older: '/feedback/review?page=3',
        });
        const last = await review('?page=3');
        expect(last.comments).toEqual(['r1']);
        expect(last).toMatchObject({ newer: '/feedback/review?page=2', older: undefined });
      });

      it('keeps the filters in the links between pages', async () => {
        const first = await review('?to=2026-01-13&model=');
        expect(first.comments).toEqual(['r4', 'r3']);
        expect(first.summary).toBe('4 reports match the filters. Page 1 of 2.');
        expect(first.older).toBe('/feedback/review?to=2026-01-13&page=2');
        const second = await review('?to=2026-01-13&page=2');
        expect(second.comments).toEqual(['r2', 'r1']);
        expect(second).toMatchObject({ newer: '/feedback/review?to=2026-01-13', older: undefined });
        const both = await review('?source=json&prediction=Sexy&page=1');
        expect(both.comments).toEqual(['r4']);
        expect(both.older).toBeUndefined();
      });

      it.each([
        ['past the last page', '?page=4', '/feedback/review?page=3', 'Back to the last page (3)'],
        ['far past it', '?page=999999', '/feedback/review?page=3', 'Back to the last page (3)'],
        [
          'past the end of a filtered list',
          '?source=report&page=2',
          '/feedback/review?source=report',
          'Back to the first page',
        ],
      ])(
        'answers a page %s with an empty list and a link back',
        async (_case, query, href, text) => {
          const page = await review(query);
          expect(page.comments).toEqual([]);
          expect(page.summary).toMatch(/^Page \d+ is past the end: /);
          expect(page).toMatchObject({ back: href, newer: undefined, older: undefined });
          expect(page.html).toContain(`>${text}</a>`);
        },
      );
    });

    it.each([
      ['an unknown source', '?source=email', 'source must be one of page, json, report'],
      ['page 0', '?page=0', 'page must not be less than 1'],
      ['a page that is not a number', '?page=two', 'page must be a whole number'],
      ['a fractional page', '?page=1.5', 'page must be a whole number'],
      ['a page beyond the limit', '?page=1000001', 'page must not be greater than 1000000'],
      ['a date in another format', '?from=12/01/2026', 'from must be a date such as 2026-01-31'],
      ['a month that does not exist', '?from=2026-13-01', 'from must be a date that exists'],
      ['a day that does not exist', '?to=2026-02-30', 'to must be a date that exists'],
      [
        'a range that ends before it starts',
        '?from=2026-01-12&to=2026-01-11',
        'to must not be before from',
      ],
      [
        'a model id with spaces',
        '?model=Mobile%20Net',
        'model must be a model id such as mobilenet_v2',
      ],
      [
        'a label with a control character',
        '?prediction=Sexy%0A',
        'prediction must be a class name',
      ],
      [
        'a label too long',
        `?correctLabel=${'x'.repeat(65)}`,
        'correctLabel must be shorter than or equal to 64 characters',
      ],
      [
        'a filter given twice',
        '?source=page&source=json',
        'source must be one of page, json, report',
      ],
    ])('refuses %s with 400 in the error shape', async (_case, query, message) => {
      const response = await app.fetch(`/feedback/review${query}`, { headers: dataTeam });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { message: string };
      expect(body).toEqual({ statusCode: 400, error: 'bad-request', message: expect.any(String) });
      expect(body.message).toContain(message);
    });

    it('asks for the token before it looks at the query', async () => {
      expect((await app.fetch('/feedback/review?page=0')).status).toBe(401);
    });
  });

  it('keeps the data team routes off (404) when no token is configured', async () => {
    await app.close();
    app = await start({ DATA_TEAM_TOKEN: '' });
    expect((await app.fetch('/feedback/export')).status).toBe(404);
  });
});
