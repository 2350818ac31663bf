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

/**
 * A process's start, as the audit log records it: a worker's models, versions and their own
 * thresholds, or a gateway's policy (the version and thresholds its verdicts follow).
 */
export interface StartupRecordData {
  /** Unique per start; also the job id. */
  startId: string;
  startedAt: string;
  host: string;
  /** Absent for a worker (records made before gateways recorded their starts). */
  service?: 'worker' | 'gateway';
  models: { id: string; version: string; default: boolean; thresholds: unknown }[];
  /** A gateway's policy file: absent when each model's manifest thresholds apply. */
  policy?: { version: string; models: Record<string, unknown> };
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
  'policy_version',
] as const;

export type DecisionCsvRow = Record<(typeof decisionCsvColumns)[number], string>;

/** The decisions file's name inside the feedback folder, beside `feedback.csv`. */
export const decisionCsvFile = 'decisions.csv';

/** The audit log's name inside the feedback folder: JSON lines, each chained to the previous. */
export const auditLogFile = 'audit.jsonl';
