import { Expose } from 'class-transformer';
import { IsString } from 'class-validator';
import { CommonEnv, EnvInt } from '@moderation/platform';

/** The gateway's configuration, read once from the environment at start-up. */
export class GatewayEnv extends CommonEnv {
  @EnvInt(0, 65535)
  PORT = 3000;

  /** Interface to listen on; 0.0.0.0 in containers, 127.0.0.1 to keep it local. */
  @Expose()
  @IsString()
  HOST = '0.0.0.0';

  /** Folder uploads are stored in, shared with the workers. */
  @Expose()
  @IsString()
  UPLOAD_DIR = 'var/uploads';

  @Expose()
  @IsString()
  FEEDBACK_DIR = 'var/feedback';

  /** How long a request waits for its prediction before answering 504. */
  @EnvInt(100, 300_000)
  PREDICTION_TIMEOUT_MS = 10_000;
}
