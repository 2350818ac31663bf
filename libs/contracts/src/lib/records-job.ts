import type { Moderation } from './moderation';
import { JobName } from './queue-names';

/**
 * A decided moderation, as the data team's `decisions.csv` and the audit log record it. The
 * moderation carries its decision.
 */
export interface DecisionRecordData {
  /** Unique per decision; also the job id, so a decision queued twice is recorded once. */
  decisionId: string;
  moderation: Moderation & { decision: NonNullable<Moderation['decision']> };
  requestId: string;
}

/** A worker's start, as the audit log records it: which models and versions decide from now on. */
export interface StartupRecordData {
  /** Unique per start; also the job id. */
  startId: string;
  startedAt: string;
  host: string;
  models: { id: string; version: string; default: boolean; thresholds: unknown }[];
}

export interface RecordJobTypes {
  [JobName.RecordDecision]: { data: DecisionRecordData; result: void };
  [JobName.RecordStartup]: { data: StartupRecordData; result: void };
}

/**
 * Columns of `decisions.csv`, in order. Add new columns at the end only, so existing rows keep
 * their meaning.
 */
export const decisionCsvColumns = [
  'decided_at',
  'decision_id',
  'moderation_id',
  'reference',
  'stored_name',
  'model',
  'model_version',
  'scores',
  'model_prediction',
  'model_score',
  'model_verdict',
  'review_cause',
  'decision',
  'label',
  'reason',
  'note',
  'moderator',
  'waited_ms',
  'took_ms',
] as const;

export type DecisionCsvRow = Record<(typeof decisionCsvColumns)[number], string>;

/** The decisions file's name inside the feedback folder, beside `feedback.csv`. */
export const decisionCsvFile = 'decisions.csv';

/** The audit log's name inside the feedback folder: JSON lines, each chained to the previous. */
export const auditLogFile = 'audit.jsonl';
