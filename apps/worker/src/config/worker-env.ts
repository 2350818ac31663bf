import { Expose } from 'class-transformer';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { availableParallelism, totalmem } from 'node:os';
import type { DecodeMode } from '@moderation/model-manifest';
import { CommonEnv, EnvInt } from '@moderation/platform';

const cores = availableParallelism();

/**
 * Memory the process may use: its cgroup's limit when it has one (a container), else the host's.
 * Node reports "no limit" as a huge number, hence the minimum.
 */
function memoryBytes(): number {
  const constrained = process.constrainedMemory();
  return constrained > 0 ? Math.min(constrained, totalmem()) : totalmem();
}

/** Share of the process's memory the default decode budget may fill with decodes in flight. */
const decodeMemoryShare = 0.5;

/**
 * Memory one decode holds at most, per pixel: 3 bytes of RGB, 2.5 times over. Measured: each 48 MP
 * phone photo (145 MB of RGB) decoded whole at the same time raised the worker's peak memory by
 * 290–360 MB (docs/benchmarks.md).
 */
const decodeBytesPerPixel = 3 * 2.5;

/**
 * Decodes at once when DECODE_CONCURRENCY is unset: one per core, since decoding, not the model,
 * is most of the work (a 12 MP photo decodes in about 180 ms and runs through the model in about
 * 8), but no more than half the memory holds at `maxImagePixels` each.
 */
export function defaultDecodeConcurrency(
  maxImagePixels: number,
  machine = { cores, memoryBytes: memoryBytes() },
): number {
  const perDecode = maxImagePixels * decodeBytesPerPixel;
  const byMemory = Math.floor((machine.memoryBytes * decodeMemoryShare) / perDecode);
  return Math.max(1, Math.min(machine.cores, byMemory));
}

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
   * ONNX Runtime intra-op threads per session. One by default: a second thread competes with
   * the decodes for the same cores and served fewer images, not more (docs/benchmarks.md).
   */
  @EnvInt(1, 256)
  INFERENCE_THREADS = 1;

  /** Inference threads (worker_threads), each with its own sessions; batches run on them in parallel. */
  @EnvInt(1, 64)
  INFERENCE_WORKERS = 1;

  /**
   * Images decoded at the same time (libvips uses one thread per image here). Unset: see
   * {@link decodeConcurrency}.
   */
  @IsOptional()
  @EnvInt(1, 256)
  DECODE_CONCURRENCY?: number;

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
   * The decode budget in images: DECODE_CONCURRENCY, or one per core capped by memory. Worked
   * out here rather than as a field default because it depends on MAX_IMAGE_PIXELS as set.
   */
  get decodeConcurrency(): number {
    return this.DECODE_CONCURRENCY ?? defaultDecodeConcurrency(this.MAX_IMAGE_PIXELS);
  }

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
