import { JobName } from './queue-names';

/** What the gateway puts on the prediction queue for one uploaded image. */
export interface PredictionJobData {
  /** The HTTP request id, so one upload can be followed from gateway to worker in the logs. */
  requestId: string;
  /** Name of the stored upload inside the shared upload folder (a content hash plus extension). */
  storedName: string;
  /** Model id to use; the worker's default model when absent. */
  model?: string;
}

export type Verdict = 'approved' | 'review' | 'rejected';

/** The threshold of the model's policy that decided a `review` or `rejected` verdict. */
export interface VerdictReason {
  /** The class whose probability reached the threshold. */
  label: string;
  /** Its probability, rounded to 4 decimals. */
  score: number;
  threshold: number;
}

/** What a model says about one image. */
export interface Classification {
  model: { id: string; version: string };
  /** Top class and its probability, rounded to 4 decimals. */
  prediction: string;
  score: number;
  /** Probability of every class of the model, rounded to 4 decimals. */
  scores: Record<string, number>;
  verdict: Verdict;
  /**
   * Why the verdict is not `approved`; null when it is. Absent from results computed before
   * reasons were recorded.
   */
  reason?: VerdictReason | null;
  /**
   * The version of the policy that gave the verdict: the gateway's policy file's, or
   * `manifest:<model>@<version>` for a model's own thresholds. Set by the gateway.
   */
  policyVersion?: string;
  /**
   * The frames classified: the result (scores, prediction, verdict, reason, probabilities) is
   * the decisive frame's, the worst one. Absent from results computed before every frame counted
   * (those classified the first frame alone).
   */
  frames?: FrameCount;
}

/** Which frames of an animation (or pages of a document) were classified, and which decided. */
export interface FrameCount {
  /** Frames in the image; 1 for a still image. */
  total: number;
  /** Frames run through the model: all of them, or at most the worker's `MAX_FRAMES`. */
  classified: number;
  /** Zero-based index, in the animation, of the frame whose classification is the result. */
  decisive: number;
  /**
   * Each classified frame's top class, in the order of the animation: what a moderator's frame
   * strip shows. Present for animations and multi-page images only.
   */
  perFrame?: FrameSummary[];
}

/** One classified frame of an animation: where it is and what the model made of it alone. */
export interface FrameSummary {
  /** Zero-based index in the animation. */
  index: number;
  /** Top class and its probability, rounded to 4 decimals. */
  prediction: string;
  score: number;
}

/** What the worker returns as the job's return value. */
export interface PredictionResult extends Classification {
  /** Time spent in the worker, from reading the file to the result. */
  inferenceMs: number;
  /**
   * Every class's exact probability, for a policy applied after the fact. Absent from results
   * computed before they were kept: the rounded `scores` stand in.
   */
  probabilities?: Record<string, number>;
}

/**
 * Why a prediction job failed for good. The worker puts the code first in the failure
 * message (`<code>: <detail>`) so the gateway can map it to an HTTP status without parsing prose.
 */
export enum PredictionFailure {
  /** The bytes are not an image the service can decode: the client's fault (400). */
  UndecodableImage = 'undecodable-image',
  /** The requested model is not loaded by the worker: the client's fault (400). */
  UnknownModel = 'unknown-model',
  /** The image has more pixels than allowed (a decompression bomb): the client's fault (413). */
  ImageTooLarge = 'image-too-large',
}

export interface PredictionJobTypes {
  [JobName.Classify]: { data: PredictionJobData; result: PredictionResult };
}
