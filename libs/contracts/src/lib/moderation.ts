import type { Classification } from './prediction-job';

/** Where a moderation stands: decided by the model or a person, or waiting for a person. */
export type ModerationState = 'approved' | 'rejected' | 'pending-review';

/** Why a photo waits for a person. Reports come first, then the model's doubts, then samples. */
export type ReviewCause =
  /** A class of the model reached the policy's review threshold. */
  | { kind: 'threshold'; label: string; score: number; threshold: number }
  /** A random share of approvals, to measure what the model lets through. */
  | { kind: 'sample'; rate: number }
  /** A user reported the answer as wrong. */
  | { kind: 'report'; reportId: string; correctLabel?: string; comment?: string };

/** A person's decision on a moderation. */
export interface ModeratorDecision {
  decision: 'approve' | 'reject';
  /** One of {@link rejectReasons} when rejecting; optional otherwise. */
  reason?: string;
  /** The class the person says is right, when they say. */
  label?: string;
  /** Free text. */
  note?: string;
  moderator: string;
  /** ISO 8601, UTC. */
  decidedAt: string;
  /** From the item entering the review queue to the decision. */
  waitedMs: number;
  /** From the moderator taking the item to the decision; absent when decided without taking it. */
  tookMs?: number;
}

/** The reasons a moderator picks from when rejecting a photo. */
export const rejectReasons = [
  'nudity',
  'sexual',
  'violence',
  'hateful',
  'not-the-product',
  'personal-data',
  'other',
] as const;

/** Everything known about one moderated photo: what the model said and what a person decided. */
export interface Moderation {
  id: string;
  /** The shop's own id for the photo or the review, as it sent it. */
  reference?: string;
  storedName: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** The model's answer, as the client received it. */
  classification: Classification;
  state: ModerationState;
  /** Set when the photo was sent to a person, with why. */
  review?: { cause: ReviewCause; queuedAt: string };
  decision?: ModeratorDecision;
  /** Where events about it are POSTed (a batch's `callbackUrl`). */
  callbackUrl?: string;
  /** The batch it came in, when it came in one. */
  batchId?: string;
}

/** A moderation's state once a person decided it. */
export function decidedState(decision: ModeratorDecision['decision']): ModerationState {
  return decision === 'approve' ? 'approved' : 'rejected';
}
