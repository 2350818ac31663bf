import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseString } from 'fast-csv';
import { loadConfig } from '@moderation/platform';
import { feedbackCsvColumns, type FeedbackJobData } from '@moderation/contracts';
import { WorkerEnv } from '../config/worker-env';
import { FeedbackCsvWriter } from './feedback-csv.writer';

const report = (overrides: Partial<FeedbackJobData> = {}): FeedbackJobData => ({
  reportId: 'r-1',
  receivedAt: '2026-11-25T10:00:00.000Z',
  storedName: `${'a'.repeat(64)}.jpg`,
  prediction: 'Sexy',
  score: 0.9346,
  source: 'json',
  requestId: 'req-1',
  ...overrides,
});

function rows(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const found: string[][] = [];
    parseString<string[], string[]>(text)
      .on('data', (row: string[]) => found.push(row))
      .on('error', reject)
      .on('end', () => resolve(found));
  });
}

describe('FeedbackCsvWriter', () => {
  let dir: string;
  let writer: FeedbackCsvWriter;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'feedback-csv-'));
    writer = new FeedbackCsvWriter(loadConfig(WorkerEnv, { FEEDBACK_DIR: join(dir, 'feedback') }));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the header once, then one row per report', async () => {
    await writer.append(report({ reportId: 'r-1' }));
    await writer.append(
      report({ reportId: 'r-2', correctLabel: 'Neutral', model: 'mobilenet_v2' }),
    );
    const all = await rows(readFileSync(writer.path, 'utf8'));
    expect(all[0]).toEqual([...feedbackCsvColumns]);
    expect(all).toHaveLength(3);
    expect(all[2]).toEqual([
      '2026-11-25T10:00:00.000Z',
      'r-2',
      `${'a'.repeat(64)}.jpg`,
      'Sexy',
      '0.9346',
      'mobilenet_v2',
      'Neutral',
      '',
      'json',
      'req-1',
    ]);
  });

  it('quotes commas, quotes and line breaks so a comment stays one cell', async () => {
    const comment = 'line one,\n"line two"';
    await writer.append(report({ comment }));
    const all = await rows(readFileSync(writer.path, 'utf8'));
    expect(all).toHaveLength(2);
    expect(all[1][feedbackCsvColumns.indexOf('comment')]).toBe(comment);
  });

  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx'])(
    'neutralises a cell starting %j so a spreadsheet shows it as text',
    async (comment) => {
      await writer.append(report({ comment }));
      const all = await rows(readFileSync(writer.path, 'utf8'));
      expect(all[1][feedbackCsvColumns.indexOf('comment')]).toBe(`'${comment}`);
    },
  );

  it('does not write a report twice when its job is retried after the write landed', async () => {
    expect(await writer.append(report({ reportId: 'again' }))).toBe(true);
    expect(await writer.append(report({ reportId: 'again' }))).toBe(false);
    expect(await rows(readFileSync(writer.path, 'utf8'))).toHaveLength(2);
  });
});
