import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeToString } from 'fast-csv';
import { loadConfig } from '@moderation/platform';
import { feedbackCsvColumns, type FeedbackCsvRow } from '@moderation/contracts';
import { GatewayEnv } from '../config/gateway-env';
import { choiceLimit, FeedbackCsvReader, matchesReview } from './feedback-csv.reader';

const report = (n: number, overrides: Partial<FeedbackCsvRow> = {}): FeedbackCsvRow => ({
  received_at: new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString(),
  report_id: `r${n}`,
  stored_name: `${'a'.repeat(64)}.png`,
  prediction: n % 2 ? 'Sexy' : 'Neutral',
  score: '0.5',
  model: 'mobilenet_v2',
  correct_label: '',
  comment: '',
  source: 'json',
  request_id: `q${n}`,
  ...overrides,
});

const ids = (rows: FeedbackCsvRow[]) => rows.map((row) => row.report_id);

describe('FeedbackCsvReader', () => {
  let dir: string;
  let reader: FeedbackCsvReader;

  async function write(rows: FeedbackCsvRow[]): Promise<void> {
    mkdirSync(join(dir, 'feedback'), { recursive: true });
    const text = await writeToString(rows, {
      headers: [...feedbackCsvColumns],
      includeEndRowDelimiter: true,
    });
    writeFileSync(reader.path, text);
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'feedback-reader-'));
    reader = new FeedbackCsvReader(
      loadConfig(GatewayEnv, { FEEDBACK_DIR: join(dir, 'feedback'), UPLOAD_DIR: dir }),
    );
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds nothing, and no error, before the first report is written', async () => {
    expect(await reader.review({}, 1, 10)).toEqual({
      rows: [],
      total: 0,
      choices: { prediction: [], correctLabel: [], model: [] },
    });
    expect(await reader.stream()).toBe(`${feedbackCsvColumns.join(',')}\n`);
  });

  it('pages newest first through the matches only, whatever the page size', async () => {
    await write(Array.from({ length: 23 }, (_, n) => report(n)));
    const sexy = { prediction: 'Sexy' }; // r1, r3, … r21: 11 matches
    expect(ids((await reader.review(sexy, 1, 4)).rows)).toEqual(['r21', 'r19', 'r17', 'r15']);
    expect(ids((await reader.review(sexy, 2, 4)).rows)).toEqual(['r13', 'r11', 'r9', 'r7']);
    expect(ids((await reader.review(sexy, 3, 4)).rows)).toEqual(['r5', 'r3', 'r1']);
    expect(await reader.review(sexy, 4, 4)).toMatchObject({ rows: [], total: 11 });
    expect(ids((await reader.review({}, 1, 100)).rows)).toHaveLength(23);
    expect(ids((await reader.review({}, 23, 1)).rows)).toEqual(['r0']);
  });

  it('keeps a comment with commas, quotes and line breaks as one report', async () => {
    await write([report(1, { comment: 'one,\n"two"\nthree' }), report(2)]);
    const { rows, total } = await reader.review({}, 1, 10);
    expect(total).toBe(2);
    expect(rows[1].comment).toBe('one,\n"two"\nthree');
  });

  it('collects the values seen for the menus, sorted, up to a limit', async () => {
    await write([
      ...Array.from({ length: choiceLimit + 5 }, (_, n) =>
        report(n, { model: `m${String(n).padStart(4, '0')}`, correct_label: n ? 'Drawing' : '' }),
      ),
    ]);
    const { choices } = await reader.review({ source: 'page' }, 1, 10);
    expect(choices.prediction).toEqual(['Neutral', 'Sexy']);
    expect(choices.correctLabel).toEqual(['Drawing']);
    expect(choices.model).toHaveLength(choiceLimit);
  });

  it('fails, rather than hangs, on a file it cannot parse', async () => {
    await write([report(1)]);
    appendFileSync(reader.path, 'a,b,c,d,e,f,g,h,i,j,k,l\n');
    await expect(reader.review({}, 1, 10)).rejects.toThrow(/column/i);
    await expect(reader.review({}, 2, 10)).rejects.toThrow(/column/i);
  });

  describe('matchesReview', () => {
    const row = report(0, { received_at: '2026-03-04T23:59:59.999Z' });

    it.each([
      [{}, true],
      [{ from: '2026-03-04', to: '2026-03-04' }, true],
      [{ from: '2026-03-05' }, false],
      [{ to: '2026-03-03' }, false],
      [{ prediction: 'Neutral', source: 'json', model: 'mobilenet_v2' }, true],
      [{ prediction: 'Neutral', source: 'page' }, false],
      [{ correctLabel: 'Neutral' }, false],
    ])('matches %j: %s', (filter, expected) => {
      expect(matchesReview(row, filter)).toBe(expected);
    });

    it('never puts a report whose time does not parse into a date range', () => {
      const broken = report(0, { received_at: 'yesterday' });
      expect(matchesReview(broken, {})).toBe(true);
      expect(matchesReview(broken, { from: '2000-01-01' })).toBe(false);
    });
  });
});
