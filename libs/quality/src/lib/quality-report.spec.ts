import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvRows, workspaceRoot } from '@moderation/testing';
import { groundTruth, qualityReport, suggestThreshold } from './quality-report';
import { parseDecisionRow, type DecisionRecord } from './decision-record';

/*
 * Twelve moderators' decisions on nsfwjs photos (policy: reject Porn or Hentai ≥ 0.6, review
 * Porn or Hentai ≥ 0.25 or Sexy ≥ 0.4). Every number below is computed by hand from this table;
 * the same rows are in fixtures/decisions/decisions.csv (checked at the end) for the CLI, the
 * gateway's page and the browser test.
 */
// prettier-ignore
const table = [
  // # decided_at (UTC)          verdict     cause        Draw  Hent  Neut  Porn  Sexy  decision   label      waited  took
  [1, '2026-12-01T09:00:00.000Z', 'approved', 'sample',    0.02, 0.01, 0.9,  0.02, 0.05, 'approve', '',        60000,  4000],
  [2, '2026-12-01T10:00:00.000Z', 'approved', 'sample',    0.02, 0.01, 0.62, 0.05, 0.3,  'reject',  'Sexy',    120000, 8000],
  [3, '2026-12-01T11:00:00.000Z', 'review',   'threshold', 0.01, 0.01, 0.4,  0.03, 0.55, 'approve', '',        30000,  5000],
  [4, '2026-12-01T12:00:00.000Z', 'review',   'threshold', 0.02, 0.03, 0.15, 0.5,  0.3,  'reject',  '',        90000,  3000],
  [5, '2026-12-02T09:00:00.000Z', 'review',   'threshold', 0.4,  0.45, 0.03, 0.1,  0.02, 'reject',  'Hentai',  45000,  6000],
  [6, '2026-12-02T10:00:00.000Z', 'review',   'threshold', 0.02, 0.03, 0.55, 0.3,  0.1,  'approve', '',        240000, 2000],
  [7, '2026-12-02T11:00:00.000Z', 'approved', 'report',    0.01, 0.01, 0.8,  0.03, 0.15, 'reject',  'Porn',    10000,  null],
  [8, '2026-12-02T23:59:59.999Z', 'review',   'threshold', 0.01, 0.01, 0.25, 0.03, 0.7,  'reject',  '',        150000, 7000],
  [9, '2026-12-04T00:00:00.000Z', 'approved', 'sample',    0.85, 0.03, 0.1,  0.01, 0.01, 'approve', '',        300000, 1000],
  [10, '2026-12-04T10:00:00.000Z', 'rejected', 'report',   0.01, 0.01, 0.03, 0.8,  0.15, 'approve', 'Sexy',    20000,  9000],
  [11, '2026-12-04T11:00:00.000Z', 'review',   'threshold', 0.02, 0.03, 0.44, 0.06, 0.45, 'approve', 'Neutral', 75000,  3000],
  [12, '2026-12-04T12:00:00.000Z', 'approved', 'sample',    0.01, 0.01, 0.95, 0.02, 0.01, 'approve', '',        500000, 2000],
] as const;

const classes = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];

/** The table as a CSV parser reads `decisions.csv`: every column, a later `policy_version` too. */
function sampleRows(): Record<string, string>[] {
  return table.map(([n, decidedAt, verdict, cause, ...rest]) => {
    const scores = Object.fromEntries(classes.map((label, i) => [label, rest[i] as number]));
    const [decision, label, waited, took] = rest.slice(5) as [string, string, number, number];
    const [prediction, score] = Object.entries(scores).sort((a, b) => b[1] - a[1])[0];
    const id = String(n).padStart(2, '0');
    return {
      decided_at: decidedAt,
      decision_id: `00000000-0000-4000-8000-0000000000${id}`,
      moderation_id: `10000000-0000-4000-8000-0000000000${id}`,
      // The worker neutralises a cell that starts like a formula.
      reference: n === 7 ? "'=HYPERLINK(shop)" : `review-${id}`,
      stored_name: `${id.repeat(32)}.jpg`,
      model: 'mobilenet_v2',
      model_version: '4.4.0-c1',
      scores: JSON.stringify(scores),
      model_prediction: prediction,
      model_score: String(score),
      model_verdict: verdict,
      review_cause: cause,
      decision,
      label,
      reason: decision === 'reject' ? (label === 'Sexy' || n === 8 ? 'sexual' : 'nudity') : '',
      note: n === 4 ? 'swimwear, but see the second photo' : '',
      moderator: n % 2 === 0 ? 'ana' : 'ben',
      waited_ms: String(waited),
      took_ms: took === null ? '' : String(took),
      policy_version: 'nsfw-2026-11',
    };
  });
}

const records = (): DecisionRecord[] =>
  sampleRows().map((row) => parseDecisionRow(row) as DecisionRecord);

describe('qualityReport', () => {
  const report = qualityReport(sampleRows());

  it('counts decisions per day, days without decisions included', () => {
    // 12-01: #1 #3 approved, #2 #4 rejected; 12-02: #6 approved, #5 #7 #8 rejected (#8 at
    // 23:59:59.999 is still 12-02); 12-03: none; 12-04: #9–#12 approved.
    expect(report.rows).toBe(12);
    expect(report.unreadable).toBe(0);
    expect(report.decisions).toEqual({ approve: 7, reject: 5 });
    expect(report.decisionsPerDay).toEqual([
      { day: '2026-12-01', approve: 2, reject: 2 },
      { day: '2026-12-02', approve: 1, reject: 3 },
      { day: '2026-12-03', approve: 0, reject: 0 },
      { day: '2026-12-04', approve: 4, reject: 0 },
    ]);
  });

  it("sets the model's verdict against the person's decision", () => {
    // approved: #1 #9 #12 approved, #2 #7 rejected; review: #3 #6 #11 approved, #4 #5 #8
    // rejected; rejected: #10 approved.
    expect(report.confusion).toEqual({
      approved: { approve: 3, reject: 2 },
      review: { approve: 3, reject: 3 },
      rejected: { approve: 1, reject: 0 },
    });
  });

  it('gives the median and 90th percentile of waiting and deciding times', () => {
    // waited, sorted: 10 20 30 45 60 75 | 90 120 150 240 300 500 (thousands of ms), n = 12.
    // median: rank (12−1)·0.5 = 5.5, between 75000 and 90000 → 82500;
    // p90: rank 11·0.9 = 9.9, 240000 + 0.9·(300000 − 240000) → 294000.
    // took (#7 has none), sorted: 1 2 2 3 3 4 5 6 7 8 9 (thousands), n = 11.
    // median: rank 10·0.5 = 5 → 4000; p90: rank 10·0.9 = 9 → 8000.
    expect(report.times).toEqual({
      waitedMs: { n: 12, median: 82500, p90: 294000 },
      tookMs: { n: 11, median: 4000, p90: 8000 },
    });
  });

  it('takes the unsafe classes from what people rejected photos as, by default', () => {
    // Rejected: #2 labelled Sexy, #4 top Porn, #5 labelled Hentai, #7 labelled Porn, #8 top Sexy.
    expect(report.unsafeClasses).toEqual(['Hentai', 'Porn', 'Sexy']);
  });

  it('computes precision and recall per class on the rows with a ground truth', () => {
    // (top class → ground truth) with unsafe = Hentai, Porn, Sexy:
    // #1 Neutral→Neutral (approved, approve, safe)   #2 Neutral→Sexy (label)
    // #3 Sexy → none (approved a photo whose top class is unsafe, no label)
    // #4 Porn→Porn (review, reject, unsafe)          #5 Hentai→Hentai (label)
    // #6 Neutral→Neutral (review, approve, safe)     #7 Neutral→Porn (label)
    // #8 Sexy→Sexy (review, reject, unsafe)          #9 Drawing→Drawing (approved, approve)
    // #10 Porn→Sexy (label)                          #11 Sexy→Neutral (label)
    // #12 Neutral→Neutral (approved, approve)
    // Neutral: predicted #1 #2 #6 #7 #12 = 5, actual #1 #6 #11 #12 = 4, correct #1 #6 #12 = 3.
    // Porn: predicted #4 #10, actual #4 #7, correct #4. Sexy: predicted #8 #11, actual #2 #8
    // #10, correct #8.
    expect(report.classes).toEqual({
      withGroundTruth: 11,
      withoutGroundTruth: 1,
      perClass: [
        { label: 'Drawing', predicted: 1, actual: 1, correct: 1, precision: 1, recall: 1 },
        { label: 'Hentai', predicted: 1, actual: 1, correct: 1, precision: 1, recall: 1 },
        { label: 'Neutral', predicted: 5, actual: 4, correct: 3, precision: 0.6, recall: 0.75 },
        { label: 'Porn', predicted: 2, actual: 2, correct: 1, precision: 0.5, recall: 0.5 },
        { label: 'Sexy', predicted: 2, actual: 3, correct: 1, precision: 0.5, recall: 1 / 3 },
      ],
    });
  });

  it('estimates the unsafe share of sampled approvals with a Wilson interval', () => {
    // Samples: #1 #2 #9 #12, of which #2 rejected: p = 1/4. z = 1.96, z² = 3.8415:
    // centre = (0.25 + 3.8415/8) / (1 + 3.8415/4) = 0.73018 / 1.96036 = 0.37247,
    // half = 1.95996/1.96036 · √(0.1875/4 + 3.8415/64) = 0.99980 · 0.32695 = 0.32689,
    // interval 0.0456–0.6994.
    expect(report.sampledUnsafe).toEqual({
      n: 4,
      k: 1,
      share: 0.25,
      low: expect.closeTo(0.04559, 5),
      high: expect.closeTo(0.69936, 5),
    });
  });

  it('suggests the lowest reject threshold whose rows people rejected at 95 % precision', () => {
    // Hentai, scores down: 0.45 (#5 rejected: 1/1 ✓), 0.03 (+#4 R, #6 #9 #11 A: 2/5),
    // 0.01 (5/12) → 0.45; review items (#3 #4 #5 #6 #8 #11) at ≥ 0.45: #5 → 1 of 6.
    // Porn: 0.8 (#10 A: 0/1), 0.5 (+#4 R: 1/2), 0.3 (1/3), 0.1 (2/4), 0.06 (2/5), 0.05 (3/6),
    // 0.03 (5/9), 0.02 (5/11), 0.01 (5/12): never 95 % → none.
    // Sexy: 0.7 (#8 R: 1/1 ✓), 0.55 (+#3 A: 1/2), 0.45 (1/3), 0.3 (3/5), … → 0.7; review items
    // at ≥ 0.7: #8 → 1 of 6.
    expect(report.precisionTarget).toBe(0.95);
    expect(report.thresholds).toEqual([
      {
        label: 'Hentai',
        threshold: 0.45,
        precision: 1,
        rows: 1,
        rejected: 1,
        reviewSaved: 1,
        reviewShare: 1 / 6,
        reviewItems: 6,
      },
      {
        label: 'Porn',
        threshold: null,
        precision: null,
        rows: 0,
        rejected: 0,
        reviewSaved: 0,
        reviewShare: null,
        reviewItems: 6,
      },
      {
        label: 'Sexy',
        threshold: 0.7,
        precision: 1,
        rows: 1,
        rejected: 1,
        reviewSaved: 1,
        reviewShare: 1 / 6,
        reviewItems: 6,
      },
    ]);
  });

  it('lowers the thresholds for a lower target precision', () => {
    // Porn at 50 %: 0.5 (1/2 ✓), 0.1 (2/4 ✓), 0.05 (3/6 ✓), 0.03 (#3 A, #7 #8 R: 5/9 ✓),
    // 0.02 (5/11 ✗), 0.01 (5/12 ✗) → 0.03; every review item scores ≥ 0.03 → 6 of 6.
    // Sexy at 50 %: 0.02 (#5 R: 5/10 ✓) is the lowest (0.01: 5/12 ✗) → 10 rows, 6 of 6.
    const lower = qualityReport(sampleRows(), { precision: 0.5 });
    expect(lower.thresholds.map((t) => [t.label, t.threshold, t.rows, t.rejected])).toEqual([
      ['Hentai', 0.45, 1, 1],
      ['Porn', 0.03, 9, 5],
      ['Sexy', 0.02, 10, 5],
    ]);
    expect(lower.thresholds[1]).toMatchObject({ precision: 5 / 9, reviewSaved: 6, reviewShare: 1 });
  });

  it('counts only the decisions in the range, both days included', () => {
    // 12-02 alone: #5 #6 #7 #8 (#8 at 23:59:59.999 included).
    const day = qualityReport(sampleRows(), { from: '2026-12-02', to: '2026-12-02' });
    expect(day).toMatchObject({ from: '2026-12-02', to: '2026-12-02', rows: 4 });
    expect(day.decisionsPerDay).toEqual([{ day: '2026-12-02', approve: 1, reject: 3 }]);
    // From a time on: #10 #11 #12.
    expect(qualityReport(sampleRows(), { from: '2026-12-04T10:00:00Z' }).rows).toBe(3);
    expect(qualityReport(sampleRows(), { to: '2026-12-01' }).rows).toBe(4);
  });

  it('uses the unsafe classes it is given', () => {
    // Porn alone makes Sexy safe: #3 (approved, review, top Sexy) now has the truth Sexy and
    // #8 (rejected, top Sexy) none; still 11 rows. Sexy: predicted #3 #11, actual #2 #3 #10,
    // correct #3.
    const porn = qualityReport(sampleRows(), { unsafeClasses: ['Porn'] });
    expect(porn.unsafeClasses).toEqual(['Porn']);
    expect(porn.thresholds.map((t) => t.label)).toEqual(['Porn']);
    expect(porn.classes.withGroundTruth).toBe(11);
    expect(porn.classes.perClass.find((c) => c.label === 'Sexy')).toMatchObject({
      predicted: 2,
      actual: 3,
      correct: 1,
    });
  });

  it('skips rows it cannot read and reads neutralised cells as the person wrote them', () => {
    const rows = [
      ...sampleRows().slice(0, 2),
      { ...sampleRows()[2], decided_at: 'yesterday' },
      { ...sampleRows()[3], decision: 'maybe' },
      { ...sampleRows()[4], model_verdict: '' },
      { ...sampleRows()[5], label: "'-Neutral", scores: 'not json', took_ms: 'n/a' },
    ];
    const partial = qualityReport(rows);
    expect(partial).toMatchObject({ rows: 3, unreadable: 3 });
    expect(parseDecisionRow(rows[5])).toMatchObject({
      label: '-Neutral',
      scores: {},
      prediction: 'Neutral',
      tookMs: undefined,
    });
  });

  it('answers nothing known, not zeros, without decisions', () => {
    const empty = qualityReport([]);
    expect(empty).toMatchObject({
      rows: 0,
      decisionsPerDay: [],
      unsafeClasses: [],
      thresholds: [],
      times: { waitedMs: { n: 0, median: null, p90: null } },
      sampledUnsafe: { n: 0, k: 0, share: null, low: null, high: null },
      classes: { withGroundTruth: 0, perClass: [] },
    });
  });

  it.each([0, 1.5, Number.NaN, -0.1])('refuses precision %p', (precision) => {
    expect(() => qualityReport([], { precision })).toThrow(RangeError);
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => qualityReport([], { from: '2026-12-03', to: '2026-12-02' })).toThrow(
      'from (2026-12-03) is after to (2026-12-02)',
    );
  });

  it('reads the same rows from the shared fixture file', async () => {
    const text = readFileSync(join(workspaceRoot, 'fixtures/decisions/decisions.csv'), 'utf8');
    expect(await csvRows(text)).toEqual(sampleRows());
  });
});

describe('groundTruth', () => {
  const unsafe = new Set(['Hentai', 'Porn', 'Sexy']);
  const [agreedSafe, labelled, disagreed, agreedUnsafe] = [0, 1, 2, 3].map((i) => records()[i]);

  it("is the person's label when given", () => {
    expect(groundTruth(labelled, unsafe)).toBe('Sexy');
  });

  it('is the top class when the person agreed with the model', () => {
    expect(groundTruth(agreedSafe, unsafe)).toBe('Neutral');
    expect(groundTruth(agreedUnsafe, unsafe)).toBe('Porn');
  });

  it('is unknown when the person disagreed and named no class', () => {
    expect(groundTruth(disagreed, unsafe)).toBeUndefined();
    // Rejecting a photo whose top class is safe says what it is not, not what it is.
    expect(groundTruth({ ...agreedSafe, decision: 'reject', verdict: 'review' }, unsafe)).toBe(
      undefined,
    );
    // Approving what the model rejected disagrees with the model.
    expect(groundTruth({ ...agreedSafe, verdict: 'rejected' }, unsafe)).toBeUndefined();
  });
});

describe('suggestThreshold', () => {
  it('counts every row at a tied score before judging it', () => {
    // Scores 0.9 R, 0.9 A, 0.8 R: at 0.9, 1/2; at 0.8, 2/3; never 95 %.
    const at = (score: number, decision: 'approve' | 'reject') =>
      ({ ...records()[0], scores: { Porn: score }, decision }) as DecisionRecord;
    const rows = [at(0.9, 'reject'), at(0.9, 'approve'), at(0.8, 'reject')];
    expect(suggestThreshold(rows, 'Porn', 0.95).threshold).toBeNull();
    expect(suggestThreshold(rows, 'Porn', 0.6)).toMatchObject({ threshold: 0.8, rows: 3 });
  });
});
