import { Expose } from 'class-transformer';
import { IsString } from 'class-validator';
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

  /** Prediction jobs one worker process handles at the same time. */
  @EnvInt(1, 256)
  WORKER_CONCURRENCY = 2;

  /** Port of the worker's own health endpoint; 0 picks a free one. */
  @EnvInt(0, 65535)
  WORKER_HEALTH_PORT = 3001;
}
