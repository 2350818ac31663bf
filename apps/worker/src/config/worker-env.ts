import { Expose } from 'class-transformer';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { availableParallelism } from 'node:os';
import type { DecodeMode } from '@moderation/model-manifest';
import { CommonEnv, EnvInt } from '@moderation/platform';

const cores = availableParallelism();

/** The worker's configuration, read once from the environment at start-up. */
export class WorkerEnv extends CommonEnv {
  /** Folder the gateway stores uploads in; the worker reads them from there. */
  @Expose()
  @IsString()
  UPLOAD_DIR = 'var/uploads';

  @Expose()
  @IsString()
  FEEDBACK_DIR = 'var/feedback';

  /** Folder of ONNX models, each with its manifest. */
  @Expose()
  @IsString()
  MODEL_DIR = 'var/models';

  /** Model used when a request names none; its manifest must be in MODEL_DIR. */
  @Expose()
  @IsString()
  DEFAULT_MODEL = 'mobilenet_v2';

  /**
   * ONNX Runtime intra-op threads per session. With INFERENCE_WORKERS and DECODE_CONCURRENCY it
   * shares the cores out: by default half of them to the model and half to decoding.
   */
  @EnvInt(1, 256)
  INFERENCE_THREADS = Math.max(1, Math.ceil(cores / 2));

  /** Inference threads (worker_threads), each with its own sessions; batches run on them in parallel. */
  @EnvInt(1, 64)
  INFERENCE_WORKERS = 1;

  /** Images decoded at the same time (libvips uses one thread per image here). */
  @EnvInt(1, 256)
  DECODE_CONCURRENCY = Math.max(1, cores - this.INFERENCE_THREADS);

  /**
   * How uploads are decoded for every model: `exact` (full size) or `fast` (JPEG/WebP decoded
   * straight to at least twice the model's input). Unset: each model's manifest decides
   * (`preprocess.decode`, `exact` when absent).
   */
  @Expose()
  @IsOptional()
  @IsIn(['exact', 'fast'], { message: 'must be exact or fast' })
  PREPROCESS_DECODE?: DecodeMode;

  /** Most images run through a model in one call (dynamic batching). */
  @EnvInt(1, 256)
  MAX_BATCH = 8;

  /** Longest a decoded image waits for images still being decoded to join its batch. */
  @EnvInt(0, 1000)
  MAX_BATCH_DELAY_MS = 5;

  /**
   * Largest number of pixels decoded for one upload: width × height × the frames classified.
   * Larger images and animations (decompression bombs) are refused undecoded.
   */
  @EnvInt(1, 1_000_000_000)
  MAX_IMAGE_PIXELS = 50_000_000;

  /**
   * Most frames of an animation (GIF, WebP) or pages of a TIFF classified, evenly spaced with the
   * first and the last included; the worst decides. Bounds the work one upload costs: each frame is
   * decoded and run through the model like an image of its own.
   */
  @EnvInt(1, 256)
  MAX_FRAMES = 16;

  /**
   * Prediction jobs one worker process takes at the same time: enough to decode some while a
   * batch runs and to fill the next one.
   */
  @EnvInt(1, 1024)
  WORKER_CONCURRENCY = 16;

  /** Port of the worker's own health endpoint; 0 picks a free one. */
  @EnvInt(0, 65535)
  WORKER_HEALTH_PORT = 3001;

  /**
   * How long a worker's hold on a job lasts without renewal (renewed every half of it). When a
   * worker dies, its jobs go back to the queue within about three times this: the lock runs
   * out, then two stalled-job checks (one per this interval) notice.
   */
  @EnvInt(1000, 600_000)
  JOB_LOCK_MS = 15_000;
}
