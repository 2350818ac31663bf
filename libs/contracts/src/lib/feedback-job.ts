import { JobName } from './queue-names';

/** One user's report that a prediction was wrong, as the data team receives it. */
export interface FeedbackJobData {
  /** Unique per report; also the job id, so a report queued twice is recorded once. */
  reportId: string;
  /** When the gateway accepted the report (ISO 8601, UTC). */
  receivedAt: string;
  /** The stored upload the report is about (content hash plus extension). */
  storedName: string;
  /** What the service answered: class and score, as the user saw them. */
  prediction: string;
  score: number;
  /** Model id the prediction came from, when the client says. */
  model?: string;
  /** What the user says the right class is. */
  correctLabel?: string;
  comment?: string;
  /** How the report arrived: the upload page, a JSON client, or the original service's `report` field. */
  source: 'page' | 'json' | 'report';
  requestId: string;
}

export interface FeedbackJobTypes {
  [JobName.RecordFeedback]: { data: FeedbackJobData; result: void };
}

/**
 * Columns of `feedback.csv`, in order: the file the data team opens. Add new columns at the end
 * only, so existing rows keep their meaning.
 */
export const feedbackCsvColumns = [
  'received_at',
  'report_id',
  'stored_name',
  'prediction',
  'score',
  'model',
  'correct_label',
  'comment',
  'source',
  'request_id',
] as const;

export type FeedbackCsvRow = Record<(typeof feedbackCsvColumns)[number], string>;

/** The feedback file's name inside the feedback folder. */
export const feedbackCsvFile = 'feedback.csv';
