import { JobName } from './queue-names';

/** One photo of a batch, stored and waiting to be classified and moderated. */
export interface BatchItemJobData {
  batchId: string;
  /** Made when the batch was accepted, so the shop knows it at once. */
  moderationId: string;
  storedName: string;
  sha256: string;
  firstSeen: boolean;
  size: number;
  reference?: string;
  model?: string;
  callbackUrl?: string;
  requestId: string;
}

export interface BatchJobTypes {
  /** Result: the moderation id, once the moderation holds the model's answer. */
  [JobName.ModerateBatchItem]: { data: BatchItemJobData; result: { moderationId: string } };
}
