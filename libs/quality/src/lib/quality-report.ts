import { dateRange, daysBetween, inRange } from './date-range';
import {
  humanDecisions,
  modelVerdicts,
  parseDecisionRow,
  type DecisionRecord,
  type HumanDecision,
  type ModelVerdict,
} from './decision-record';
import { quantile, ratio, wilsonInterval, type Proportion } from './statistics';

/** The precision a suggested reject threshold must reach unless the caller asks for another. */
export const defaultPrecisionTarget = 0.95;

export interface QualityOptions {
  /** First day (`YYYY-MM-DD`) or time (ISO 8601) of `decided_at` counted; none: from the start. */
  from?: string;
  /** Last day or time counted, included; none: to the end. */
  to?: string;
  /** Precision a suggested reject threshold must reach, 0 < p ≤ 1; 0.95 by default. */
  precision?: number;
  /**
   * The classes that make a photo unsafe: those of the model policy's reject thresholds (and a
   * class with only a review threshold, such as nsfwjs's Sexy). By default, every class a
   * person rejected a photo as: its `label` when given, else the model's top class.
   */
  unsafeClasses?: readonly string[];
}

/** Median and 90th percentile of a duration, over the rows that have it. */
export interface Spread {
  n: number;
  median: number | null;
  p90: number | null;
}

/** How well the model's top class matches the ground truth, for one class. */
export interface ClassQuality {
  label: string;
  /** Rows with a ground truth whose top class is this one. */
  predicted: number;
  /** Rows whose ground truth is this class. */
  actual: number;
  /** Rows where both are this class. */
  correct: number;
  /** correct / predicted; null when never predicted. */
  precision: number | null;
  /** correct / actual; null when never the truth. */
  recall: number | null;
}

/** The lowest reject threshold on one class that people's decisions back up. */
export interface ThresholdSuggestion {
  label: string;
  /** Null when no threshold reaches the target precision. */
  threshold: number | null;
  /** Share of the decided rows at or above the threshold that people rejected. */
  precision: number | null;
  /** Decided rows whose score for the class is at or above the threshold. */
  rows: number;
  /** Of those, rejected by people. */
  rejected: number;
  /** Decided review items (cause `threshold`) at or above it: work an automatic reject saves. */
  reviewSaved: number;
  /** reviewSaved out of every decided review item; null when there are none. */
  reviewShare: number | null;
  /** Every decided review item (cause `threshold`). */
  reviewItems: number;
}

export interface QualityReport {
  from: string | null;
  to: string | null;
  precisionTarget: number;
  unsafeClasses: string[];
  /** Decided rows in the range. */
  rows: number;
  /** Rows of the file that could not be read (no valid time, decision or verdict), skipped. */
  unreadable: number;
  decisions: Record<HumanDecision, number>;
  /** Every day from the first decision to the last, days without decisions included. */
  decisionsPerDay: ({ day: string } & Record<HumanDecision, number>)[];
  /** The model's verdict (rows) against the person's decision (columns). */
  confusion: Record<ModelVerdict, Record<HumanDecision, number>>;
  times: { waitedMs: Spread; tookMs: Spread };
  classes: {
    /** Rows with a ground truth (see {@link groundTruth}), the only ones the classes count. */
    withGroundTruth: number;
    withoutGroundTruth: number;
    perClass: ClassQuality[];
  };
  /** Sampled approvals (cause `sample`) that a person rejected: unsafe photos let through. */
  sampledUnsafe: Proportion;
  thresholds: ThresholdSuggestion[];
}

/**
 * The class a decided row really shows, or undefined when the row does not say:
 * - the person's `label` when they gave one;
 * - otherwise the model's top class when the person agreed with the model: approved a photo the
 *   model approved or sent to review whose top class is safe, or rejected one the model rejected
 *   or sent to review whose top class is unsafe;
 * - otherwise (the person disagreed and named no class) none: the row is left out.
 */
export function groundTruth(
  record: DecisionRecord,
  unsafe: ReadonlySet<string>,
): string | undefined {
  if (record.label) return record.label;
  const topUnsafe = unsafe.has(record.prediction);
  if (record.decision === 'approve' && record.verdict !== 'rejected' && !topUnsafe) {
    return record.prediction;
  }
  if (record.decision === 'reject' && record.verdict !== 'approved' && topUnsafe) {
    return record.prediction;
  }
  return undefined;
}

/** What a person rejected photos as: their label when given, else the model's top class. */
function rejectedClasses(records: readonly DecisionRecord[]): string[] {
  const classes = new Set<string>();
  for (const record of records) {
    const label = record.label ?? record.prediction;
    if (record.decision === 'reject' && label) classes.add(label);
  }
  return [...classes].sort();
}

function spread(values: number[]): Spread {
  return { n: values.length, median: quantile(values, 0.5), p90: quantile(values, 0.9) };
}

function perDay(records: readonly DecisionRecord[]): QualityReport['decisionsPerDay'] {
  if (records.length === 0) return [];
  const days = records.map((record) => record.day).sort();
  const counts = new Map(
    daysBetween(days[0], days[days.length - 1]).map((day) => [day, { day, approve: 0, reject: 0 }]),
  );
  for (const record of records) {
    const count = counts.get(record.day);
    if (count) count[record.decision] += 1;
  }
  return [...counts.values()];
}

function confusion(records: readonly DecisionRecord[]): QualityReport['confusion'] {
  const matrix = Object.fromEntries(
    modelVerdicts.map((verdict) => [verdict, { approve: 0, reject: 0 }]),
  ) as QualityReport['confusion'];
  for (const record of records) matrix[record.verdict][record.decision] += 1;
  return matrix;
}

function classQuality(
  records: readonly DecisionRecord[],
  unsafe: ReadonlySet<string>,
): QualityReport['classes'] {
  const truths = records
    .map((record) => ({ record, truth: groundTruth(record, unsafe) }))
    .filter((item): item is { record: DecisionRecord; truth: string } => !!item.truth);
  const labels = new Set<string>();
  for (const { record, truth } of truths) {
    labels.add(truth);
    labels.add(record.prediction);
    for (const label of Object.keys(record.scores)) labels.add(label);
  }
  const perClass = [...labels].sort().map((label): ClassQuality => {
    const predicted = truths.filter(({ record }) => record.prediction === label).length;
    const actual = truths.filter(({ truth }) => truth === label).length;
    const correct = truths.filter(
      ({ record, truth }) => truth === label && record.prediction === label,
    ).length;
    return {
      label,
      predicted,
      actual,
      correct,
      precision: ratio(correct, predicted),
      recall: ratio(correct, actual),
    };
  });
  return {
    withGroundTruth: truths.length,
    withoutGroundTruth: records.length - truths.length,
    perClass,
  };
}

/**
 * The lowest score t on the class such that people rejected at least `target` of the decided
 * rows scoring t or more: rejecting from t automatically would have agreed with them that often.
 * Candidates are the scores seen; rows without a score for the class are left out.
 */
export function suggestThreshold(
  records: readonly DecisionRecord[],
  label: string,
  target: number,
): ThresholdSuggestion {
  const scored = records
    .filter((record) => record.scores[label] !== undefined)
    .map((record) => ({ score: record.scores[label], record }))
    .sort((a, b) => b.score - a.score);
  const reviewItems = records.filter((record) => record.cause === 'threshold');
  let best: Pick<ThresholdSuggestion, 'threshold' | 'precision' | 'rows' | 'rejected'> = {
    threshold: null,
    precision: null,
    rows: 0,
    rejected: 0,
  };
  // Walking down the scores, each distinct score is a candidate once every row at it is counted.
  let rejected = 0;
  for (let i = 0; i < scored.length; i++) {
    if (scored[i].record.decision === 'reject') rejected += 1;
    if (i + 1 < scored.length && scored[i + 1].score === scored[i].score) continue;
    const rows = i + 1;
    if (rejected / rows >= target) {
      best = { threshold: scored[i].score, precision: rejected / rows, rows, rejected };
    }
  }
  const threshold = best.threshold;
  const reviewSaved =
    threshold === null
      ? 0
      : reviewItems.filter((record) => (record.scores[label] ?? -1) >= threshold).length;
  return {
    label,
    ...best,
    reviewSaved,
    reviewShare: threshold === null ? null : ratio(reviewSaved, reviewItems.length),
    reviewItems: reviewItems.length,
  };
}

/**
 * How good the model is, from moderators' decisions (rows of `decisions.csv` by column name, as
 * a CSV parser gives them): decisions per day, the model's verdict against the person's, decision
 * times, per class precision and recall, the unsafe share among sampled approvals and suggested
 * reject thresholds. Pure: the caller reads the file. Throws a `RangeError` for a bad range or
 * precision.
 */
export function qualityReport(
  rows: Iterable<Readonly<Record<string, string | undefined>>>,
  options: QualityOptions = {},
): QualityReport {
  const precisionTarget = options.precision ?? defaultPrecisionTarget;
  if (!(precisionTarget > 0 && precisionTarget <= 1)) {
    throw new RangeError(`precision must be above 0 and at most 1, not ${precisionTarget}`);
  }
  const range = dateRange(options.from, options.to);
  const records: DecisionRecord[] = [];
  let unreadable = 0;
  for (const row of rows) {
    const record = parseDecisionRow(row);
    if (!record) unreadable += 1;
    else if (inRange(record.decidedAt, range)) records.push(record);
  }
  const unsafeClasses = options.unsafeClasses
    ? [...new Set(options.unsafeClasses)]
    : rejectedClasses(records);
  const unsafe = new Set(unsafeClasses);
  const decisions = Object.fromEntries(
    humanDecisions.map((decision) => [
      decision,
      records.filter((record) => record.decision === decision).length,
    ]),
  ) as Record<HumanDecision, number>;
  const sampled = records.filter((record) => record.cause === 'sample');
  return {
    from: options.from ?? null,
    to: options.to ?? null,
    precisionTarget,
    unsafeClasses,
    rows: records.length,
    unreadable,
    decisions,
    decisionsPerDay: perDay(records),
    confusion: confusion(records),
    times: {
      waitedMs: spread(records.flatMap((record) => record.waitedMs ?? [])),
      tookMs: spread(records.flatMap((record) => record.tookMs ?? [])),
    },
    classes: classQuality(records, unsafe),
    sampledUnsafe: wilsonInterval(
      sampled.filter((record) => record.decision === 'reject').length,
      sampled.length,
    ),
    thresholds: unsafeClasses.map((label) => suggestThreshold(records, label, precisionTarget)),
  };
}
