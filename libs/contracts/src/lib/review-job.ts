import type { ModeratorDecision, ReviewCause } from './moderation';
import { JobName } from './queue-names';

/**
 * One photo waiting for a person. The job id is the moderation id, so a photo is in the queue
 * once however many reasons it has; the moderation itself is read from its record.
 */
export interface ReviewJobData {
  moderationId: string;
  cause: ReviewCause;
  /** ISO 8601, UTC. */
  queuedAt: string;
}

export interface ReviewJobTypes {
  /** Taken by a moderator, completed with their decision. */
  [JobName.Review]: { data: ReviewJobData; result: ModeratorDecision };
}

/** BullMQ priorities (1 comes first): a report before the model's doubts before a sample. */
export const reviewPriority: Record<ReviewCause['kind'], number> = {
  report: 1,
  threshold: 2,
  sample: 3,
};
