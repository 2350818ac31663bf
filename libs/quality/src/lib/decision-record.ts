/** What the model said about a photo, as `decisions.csv` records it. */
export type ModelVerdict = 'approved' | 'review' | 'rejected';

/** What the person decided. */
export type HumanDecision = 'approve' | 'reject';

export const modelVerdicts: readonly ModelVerdict[] = ['approved', 'review', 'rejected'];
export const humanDecisions: readonly HumanDecision[] = ['approve', 'reject'];

/** One row of `decisions.csv`, read into the values the numbers are computed from. */
export interface DecisionRecord {
  /** When the person decided, in milliseconds since the epoch. */
  decidedAt: number;
  /** The UTC day of `decidedAt`, `YYYY-MM-DD`. */
  day: string;
  /** The model's probability for each class; empty when the cell could not be read. */
  scores: Record<string, number>;
  /** The model's top class. */
  prediction: string;
  verdict: ModelVerdict;
  /** Why the photo went to review: `threshold`, `sample`, `report` (empty for older rows). */
  cause: string;
  decision: HumanDecision;
  /** The class the person says is right, when they said. */
  label?: string;
  waitedMs?: number;
  /** Absent when decided without taking the item (a shop's back office). */
  tookMs?: number;
}

/**
 * The worker writes a leading `'` before cells that start like a spreadsheet formula
 * (`apps/worker/src/records/csv-file.ts`); the value the person chose is the rest.
 */
function cell(value: string | undefined): string {
  const text = (value ?? '').trim();
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

function milliseconds(value: string | undefined): number | undefined {
  const text = cell(value);
  if (text === '') return undefined;
  const number = Number(text);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

function scoresOf(value: string | undefined): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(cell(value));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (entry): entry is [string, number] =>
          typeof entry[1] === 'number' && Number.isFinite(entry[1]),
      ),
    );
  } catch {
    return {};
  }
}

/** The class with the highest score; empty when there are no scores. */
function topClass(scores: Record<string, number>): string {
  let best = '';
  for (const [label, score] of Object.entries(scores)) {
    if (best === '' || score > scores[best]) best = label;
  }
  return best;
}

/**
 * Reads one row of `decisions.csv` by column name (columns it does not know, such as a later
 * `policy_version`, are ignored). Undefined when the row lacks what every number needs: a valid
 * `decided_at`, `decision` and `model_verdict`.
 */
export function parseDecisionRow(
  row: Readonly<Record<string, string | undefined>>,
): DecisionRecord | undefined {
  const decidedAtText = cell(row.decided_at);
  const decidedAt = /^\d{4}-\d{2}-\d{2}T/.test(decidedAtText) ? Date.parse(decidedAtText) : NaN;
  const decision = cell(row.decision);
  const verdict = cell(row.model_verdict);
  if (
    !Number.isFinite(decidedAt) ||
    !humanDecisions.includes(decision as HumanDecision) ||
    !modelVerdicts.includes(verdict as ModelVerdict)
  ) {
    return undefined;
  }
  const scores = scoresOf(row.scores);
  const label = cell(row.label);
  return {
    decidedAt,
    day: new Date(decidedAt).toISOString().slice(0, 10),
    scores,
    prediction: cell(row.model_prediction) || topClass(scores),
    verdict: verdict as ModelVerdict,
    cause: cell(row.review_cause),
    decision: decision as HumanDecision,
    ...(label ? { label } : {}),
    waitedMs: milliseconds(row.waited_ms),
    tookMs: milliseconds(row.took_ms),
  };
}
