import { Expose } from 'class-transformer';
import { IsString } from 'class-validator';
import { availableParallelism } from 'node:os';
import { CommonEnv, EnvInt } from '@moderation/platform';

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

  /** ONNX Runtime intra-op threads per model session; defaults to the CPU count. */
  @EnvInt(1, 256)
  INFERENCE_THREADS = availableParallelism();

  /** Largest width × height accepted; larger images (decompression bombs) are refused undecoded. */
  @EnvInt(1, 1_000_000_000)
  MAX_IMAGE_PIXELS = 50_000_000;

  /** Prediction jobs one worker process handles at the same time. */
  @EnvInt(1, 256)
  WORKER_CONCURRENCY = 2;

  /** Port of the worker's own health endpoint; 0 picks a free one. */
  @EnvInt(0, 65535)
  WORKER_HEALTH_PORT = 3001;
}
