import { Expose } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';
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

  /** Largest upload accepted, in bytes; larger ones get 413 without being stored. */
  @EnvInt(1024, 1024 ** 3)
  MAX_UPLOAD_BYTES = 20 * 1024 ** 2;

  /**
   * Bearer token of the data team's routes (feedback export and review). Unset means those
   * routes are off, not open.
   */
  @Expose()
  @IsOptional()
  @Matches(/^[\x21-\x7e]{24,}$/, {
    message:
      'must be at least 24 printable characters without spaces (e.g. `openssl rand -hex 24`)',
  })
  DATA_TEAM_TOKEN?: string;

  /** Reports listed on the data team's review page, newest first. */
  @EnvInt(1, 10_000)
  REVIEW_PAGE_SIZE = 100;

  /** Predictions one client may ask for per window; 0 turns the limit off (a trusted backend). */
  @EnvInt(0, 1_000_000)
  RATE_LIMIT_PREDICT = 120;

  /** Feedback reports one client may send per window; 0 turns the limit off. */
  @EnvInt(0, 1_000_000)
  RATE_LIMIT_FEEDBACK = 30;

  @EnvInt(1, 86_400)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /**
   * Proxies in front of the gateway whose `X-Forwarded-For` is believed. 0: the client is the
   * peer address; behind one load balancer, 1. Rate limits count per client address.
   */
  @EnvInt(0, 10)
  TRUST_PROXY = 0;

  /**
   * Web origins allowed to call the API from a browser, comma-separated
   * (`https://shop.example,https://admin.shop.example`). Unset: no cross-origin access.
   */
  @Expose()
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*$/, {
    message: 'must be a comma-separated list of origins like https://shop.example',
  })
  CORS_ORIGINS?: string;

  get corsOrigins(): string[] {
    return this.CORS_ORIGINS ? this.CORS_ORIGINS.split(',') : [];
  }
}
