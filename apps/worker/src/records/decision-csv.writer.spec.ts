import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@moderation/platform';
import { csvRows } from '@moderation/testing';
import { decisionCsvColumns } from '@moderation/contracts';
import { WorkerEnv } from '../config/worker-env';
import { decisionRecord } from '../testing/records';
import { DecisionCsvWriter } from './decision-csv.writer';

describe('DecisionCsvWriter', () => {
  let dir: string;
  let writer: DecisionCsvWriter;

  const written = () => readFileSync(writer.path, 'utf8');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'decision-csv-'));
    writer = new DecisionCsvWriter(loadConfig(WorkerEnv, { FEEDBACK_DIR: join(dir, 'feedback') }));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes decisions.csv with the header once, then one row per decision', async () => {
    await writer.append(decisionRecord());
    await writer.append({ ...decisionRecord(), decisionId: 'd-2' });
    expect(writer.path).toBe(join(dir, 'feedback', 'decisions.csv'));
    expect(written().split('\n')[0]).toBe(decisionCsvColumns.join(','));
    const rows = await csvRows(written());
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      decided_at: '2026-12-02T10:05:00.000Z',
      decision_id: '7c1e2a9e-5b3f-4d8e-9a61-0f2d4c6b8a10',
      moderation_id: '3f0c8a52-7d4e-4b1a-9c55-2f0b8e3d9c41',
      reference: 'review-1234',
      stored_name: `${'b'.repeat(64)}.jpg`,
      model: 'mobilenet_v2',
      model_version: '4.4.0-onnx.1',
      scores: '{"Drawing":0.01,"Hentai":0.02,"Neutral":0.3,"Porn":0.0088,"Sexy":0.6512}',
      model_prediction: 'Sexy',
      model_score: '0.6512',
      model_verdict: 'review',
      review_cause: 'threshold',
      decision: 'reject',
      label: 'Porn',
      reason: 'sexual',
      note: 'lingerie, not the product',
      moderator: 'ana',
      waited_ms: '299000',
      took_ms: '12500',
      policy_version: '2026-12-02.1',
    });
    expect(rows[1].decision_id).toBe('d-2');
  });

  it('leaves absent values as empty cells', async () => {
    const record = decisionRecord(
      {
        decision: 'approve',
        reason: undefined,
        label: undefined,
        note: undefined,
        tookMs: undefined,
      },
      { reference: undefined, review: undefined },
    );
    await writer.append(record);
    expect((await csvRows(written()))[0]).toMatchObject({
      reference: '',
      review_cause: '',
      decision: 'approve',
      label: '',
      reason: '',
      note: '',
      took_ms: '',
    });
  });

  it('writes the kind of the cause that sent the photo to review', async () => {
    await writer.append(
      decisionRecord({}, { review: { cause: { kind: 'sample', rate: 0.01 }, queuedAt: 'x' } }),
    );
    expect((await csvRows(written()))[0].review_cause).toBe('sample');
  });

  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx'])(
    'neutralises a moderator or shop value starting %j so a spreadsheet shows it as text',
    async (text) => {
      await writer.append(
        decisionRecord({ note: text, label: text, moderator: text }, { reference: text }),
      );
      expect((await csvRows(written()))[0]).toMatchObject({
        note: `'${text}`,
        label: `'${text}`,
        moderator: `'${text}`,
        reference: `'${text}`,
      });
    },
  );

  it('keeps a note with commas, quotes and line breaks in one cell', async () => {
    const note = 'line one,\n"line two"';
    await writer.append(decisionRecord({ note }));
    expect((await csvRows(written()))[0].note).toBe(note);
  });

  it('does not write a decision twice when its job is retried after the write landed', async () => {
    expect(await writer.append(decisionRecord())).toBe(true);
    expect(await writer.append(decisionRecord())).toBe(false);
    expect(await csvRows(written())).toHaveLength(1);
  });
});
