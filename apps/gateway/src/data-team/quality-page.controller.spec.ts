import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueueName } from '@moderation/contracts';
import { qualityReport, type QualityReport } from '@moderation/quality';
import { csvRows, workspaceRoot } from '@moderation/testing';
import { controllerSetup, testDataTeamToken, type TestApp } from '../testing/controller-setup';
import { queueProvider } from '../testing/fake-queues';
import { DecisionsCsvReader } from './decisions-csv.reader';
import { QualityPageController } from './quality-page.controller';
import { QualityPageService } from './quality-page.service';
import { ModerationService } from '../moderation/moderation.service';

/**
 * Twelve decisions whose numbers libs/quality's quality-report.spec.ts works out by hand: 7
 * approved and 5 rejected over 2026-12-01, -02 and -04, 4 sampled approvals with 1 rejected.
 */
const fixture = join(workspaceRoot, 'fixtures/decisions/decisions.csv');
const asDataTeam = { headers: { authorization: `Bearer ${testDataTeamToken}` } };

/** The review queue as BullMQ counts it: prioritized items are waiting too. */
function reviewQueue(counts: Promise<Record<string, number>>) {
  return { getJobCounts: jest.fn(() => counts) };
}

/** The text (whitespace collapsed) and `data-value` of the element with that id. */
function shown(html: string, id: string): { text: string; value: string | undefined } {
  const match = new RegExp(`<[a-z]+\\s([^>]*\\bid=['"]${id}['"][^>]*)>([^<]*)`).exec(html);
  if (!match) throw new Error(`no element #${id} on the page`);
  const value = /data-value=['"]([^'"]*)['"]/.exec(match[1])?.[1];
  return { text: match[2].replace(/\s+/g, ' ').trim(), value };
}

const text = (html: string, id: string) => shown(html, id).text;
const value = (html: string, id: string) => Number(shown(html, id).value);

describe('QualityPageController (in process)', () => {
  let app: TestApp;
  let queue: ReturnType<typeof reviewQueue>;
  let expected: QualityReport;

  /** Photos per day as ModerationService counts them in Redis: two days, the second today. */
  const photoDays = [
    { day: '2026-12-01', counts: { approved: 40, review: 3, rejected: 1 } },
    { day: '2026-12-02', counts: { approved: 7 } },
  ];

  async function start(
    counts = Promise.resolve({ waiting: 3, prioritized: 2, active: 1 }),
    verdictsPerDay: () => Promise<typeof photoDays> = async () => photoDays,
  ) {
    queue = reviewQueue(counts);
    app = await controllerSetup({
      controllers: [QualityPageController],
      providers: [
        QualityPageService,
        DecisionsCsvReader,
        queueProvider(QueueName.Review, queue),
        { provide: ModerationService, useValue: { verdictsPerDay: jest.fn(verdictsPerDay) } },
      ],
    });
  }

  function writeDecisions(): void {
    mkdirSync(app.env.FEEDBACK_DIR, { recursive: true });
    copyFileSync(fixture, join(app.env.FEEDBACK_DIR, 'decisions.csv'));
  }

  async function page(query = ''): Promise<string> {
    const response = await app.fetch(`/data-team${query}`, asDataTeam);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    return response.text();
  }

  beforeAll(async () => {
    expected = qualityReport(await csvRows(readFileSync(fixture, 'utf8')));
  });

  afterEach(() => app.close());

  it('shows the numbers of decisions.csv, as worked out by hand and as the library has them', async () => {
    await start();
    writeDecisions();
    const html = await page();

    expect(text(html, 'decision-count')).toBe('12');
    expect(html).toContain('(2026-12-01 to 2026-12-04)');
    // Days without decisions are there, so the chart's days are evenly spaced.
    expect(html).toMatch(
      /data-day=['"]2026-12-03['"]><th scope=['"]row['"]>2026-12-03<\/th><td>0<\/td><td\s*>0<\/td><td>0<\/td>/,
    );
    expect(text(html, 'backlog-waiting')).toBe('5');
    expect(text(html, 'backlog-in-review')).toBe('1');
    expect(queue.getJobCounts).toHaveBeenCalledWith('waiting', 'prioritized', 'active');

    // Times: waited median 82.5 s, p90 294 s; took median 4 s, p90 8 s.
    expect([
      text(html, 'waited-median'),
      text(html, 'waited-p90'),
      text(html, 'took-median'),
      text(html, 'took-p90'),
    ]).toEqual(['1 min 23 s', '4 min 54 s', '4.0 s', '8.0 s']);
    expect(value(html, 'waited-median')).toBe(expected.times.waitedMs.median);
    expect(value(html, 'took-p90')).toBe(expected.times.tookMs.p90);

    const confusion = Object.fromEntries(
      ['approved', 'review', 'rejected'].map((verdict) => [
        verdict,
        [value(html, `confusion-${verdict}-approve`), value(html, `confusion-${verdict}-reject`)],
      ]),
    );
    expect(confusion).toEqual({ approved: [3, 2], review: [3, 3], rejected: [1, 0] });

    expect(text(html, 'unsafe-classes')).toBe('Hentai, Porn, Sexy');
    expect(text(html, 'ground-truth-count')).toBe('11');
    expect(text(html, 'precision-Neutral')).toBe('60.0 %');
    expect(text(html, 'recall-Neutral')).toBe('75.0 %');
    expect(text(html, 'recall-Sexy')).toBe('33.3 %');
    for (const c of expected.classes.perClass) {
      expect([value(html, `precision-${c.label}`), value(html, `recall-${c.label}`)]).toEqual([
        c.precision,
        c.recall,
      ]);
    }

    // 1 of 4 sampled approvals rejected; Wilson 95 %: 0.0456–0.6994.
    expect(text(html, 'sampled-n')).toBe('4');
    expect(text(html, 'sampled-share')).toBe('25.0 %');
    expect([text(html, 'sampled-low'), text(html, 'sampled-high')]).toEqual(['4.6 %', '69.9 %']);
    expect([value(html, 'sampled-low'), value(html, 'sampled-high')]).toEqual([
      expected.sampledUnsafe.low,
      expected.sampledUnsafe.high,
    ]);

    // At 95 %: Hentai from 0.45 and Sexy from 0.7 each save 1 of the 6 review items; Porn never.
    expect(text(html, 'precision-target')).toBe('95.0 %');
    expect(text(html, 'threshold-Hentai')).toBe('0.45');
    expect(text(html, 'saved-Hentai')).toBe('1 of 6 (16.7 %)');
    expect(text(html, 'threshold-Sexy')).toBe('0.7');
    expect(text(html, 'threshold-Porn')).toBe('–');
    expect(text(html, 'saved-Porn')).toBe('none: no score reaches the target');
    expect(expected.thresholds.map((t) => t.threshold)).toEqual([0.45, null, 0.7]);
  });

  it('draws every chart as an SVG image with a text alternative', async () => {
    await start();
    writeDecisions();
    const html = await page();
    const svgs = html.match(/<svg[^>]*>/g) ?? [];
    // Backlog, photos per day, decisions per day, waited, took, per class, sampled share.
    expect(svgs).toHaveLength(7);
    for (const svg of svgs) {
      expect(svg).toMatch(/role=['"]img['"]/);
      expect(svg).toMatch(/aria-label=['"][^'"]{20,}['"]/);
    }
    expect(html).toMatch(
      /aria-label=['"]Unsafe share of sampled approvals: 25.0 %, 95 % interval 4.6 % to 69.9 %, 4 samples['"]/,
    );
    expect(html.match(/<figure/g)).toHaveLength(7);
    expect(html).not.toMatch(/<script|style=/);
  });

  it('suggests lower thresholds for ?precision=0.5', async () => {
    await start();
    writeDecisions();
    const html = await page('?precision=0.5');
    // Porn from 0.03: 5 of the 9 decided photos rejected; all 6 review items score that much.
    expect(text(html, 'precision-target')).toBe('50.0 %');
    expect(text(html, 'threshold-Porn')).toBe('0.03');
    expect(text(html, 'saved-Porn')).toBe('6 of 6 (100.0 %)');
    expect(text(html, 'threshold-Sexy')).toBe('0.02');
    expect(html).toMatch(/name=['"]precision['"]\s+value=['"]0.5['"]/);
  });

  it('counts only the days asked for', async () => {
    await start();
    writeDecisions();
    const html = await page('?from=2026-12-02&to=2026-12-02&precision=');
    expect(text(html, 'decision-count')).toBe('4');
    expect(text(html, 'sampled-none')).toBe('No approval sampled for review has been decided yet.');
    expect(text(html, 'precision-target')).toBe('95.0 %');
  });

  it('says there is nothing yet before the first decision', async () => {
    await start();
    const html = await page();
    expect(text(html, 'decision-count')).toBe('0');
    expect(html).toContain("id='no-decisions'");
    expect(text(html, 'backlog-waiting')).toBe('5');
  });

  it('shows every photo per day by the model’s verdict, with the numbers in a table', async () => {
    await start();
    const html = await page();
    expect(html).toMatch(
      /<tr data-day='2026-12-01'><th scope='row'>2026-12-01<\/th><td>40<\/td><td\s*>3<\/td><td>1<\/td><td>44<\/td><\/tr>/,
    );
    expect(html).toMatch(
      /<tr data-day='2026-12-02'><th scope='row'>2026-12-02<\/th><td>7<\/td><td\s*>0<\/td><td>0<\/td><td>7<\/td><\/tr>/,
    );
    expect(html).toMatch(
      /aria-label='Photos per day by the verdict of the model, last 2 days: 47 approved, 3 sent to review, 1 rejected/,
    );
  });

  it('says the photos per day are unknown when Redis does not answer', async () => {
    await start(undefined, () => new Promise(() => undefined));
    const html = await page();
    expect(html).toContain("id='photos-unknown'");
  });

  it('shows the numbers without the backlog when Redis does not answer', async () => {
    await start(Promise.reject(new Error('Connection is closed.')));
    writeDecisions();
    const html = await page();
    expect(html).toContain("id='backlog-unknown'");
    expect(text(html, 'decision-count')).toBe('12');
  });

  it('answers 401 without the data team token, asking a browser for it', async () => {
    await start();
    for (const headers of [{}, { authorization: 'Bearer not-the-token' }] as Record<
      string,
      string
    >[]) {
      const response = await app.fetch('/data-team', { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect(await response.json()).toMatchObject({ statusCode: 401, error: 'unauthorized' });
    }
    // Browsers send it as the password of a login.
    const basic = Buffer.from(`data-team:${testDataTeamToken}`).toString('base64');
    const response = await app.fetch('/data-team', {
      headers: { authorization: `Basic ${basic}` },
    });
    expect(response.status).toBe(200);
  });

  it.each([
    ['?precision=1.5', /precision must be above 0 and at most 1/],
    ['?precision=high', /precision must be a number/],
    ['?precision=0', /precision must be above 0/],
    ['?from=yesterday', /from must be a day such as 2026-12-01/],
    ['?from=2026-12-03&to=2026-12-02', /from \(2026-12-03\) is after to \(2026-12-02\)/],
  ])('refuses %s with 400', async (query, message) => {
    await start();
    const response = await app.fetch(`/data-team${query}`, asDataTeam);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe('bad-request');
    expect(body.message).toMatch(message);
  });
});
