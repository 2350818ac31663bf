import { Expose } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';
import { CommonEnv, EnvFraction, EnvInt } from '@moderation/platform';
import { parseCredentials, type Credential } from './credentials';

/** `name:secret` pairs: a short name, then at least 24 printable characters without `,`. */
const credentialList =
  /^[A-Za-z0-9._-]{1,64}:[\x21-\x2b\x2d-\x7e]{24,}(,[A-Za-z0-9._-]{1,64}:[\x21-\x2b\x2d-\x7e]{24,})*$/;
const credentialListMessage =
  'must be a comma-separated list of name:secret, each secret at least 24 printable characters ' +
  'without spaces or commas (e.g. alice:$(openssl rand -hex 24))';

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

  /**
   * Memory for the finished predictions this gateway answered last, in MiB of their JSON: a
   * repeated photo found there costs no trip to Redis. 0 turns it off.
   */
  @EnvInt(0, 4096)
  RECENT_PREDICTIONS_MB = 8;

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

  /** Reports per page of the data team's report list, newest first. */
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

  /**
   * Moderators, as `name:token,…`: each token opens the review queue and the moderation routes
   * under that name. Unset: nobody can moderate (the routes answer 404).
   */
  @Expose()
  @IsOptional()
  @Matches(credentialList, { message: credentialListMessage })
  MODERATOR_TOKENS?: string;

  /**
   * Shop backends, as `name:key,…`: each key reads moderations (`GET /moderations/{id}`) and may
   * decide them, under that name.
   */
  @Expose()
  @IsOptional()
  @Matches(credentialList, { message: credentialListMessage })
  API_KEYS?: string;

  /**
   * A JSON policy file `{version, models: {<model id>: {reject, review}}}`: the thresholds the
   * verdicts follow, versioned apart from the models. Unset: each model's manifest thresholds.
   */
  @Expose()
  @IsOptional()
  @IsString()
  POLICY_FILE?: string;

  /** Share of approved photos also sent to a person: what the model lets through is measured. */
  @EnvFraction()
  REVIEW_SAMPLE_RATE = 0.01;

  /**
   * How long a moderator holds the item they took; after it, the item returns to the queue for
   * someone else. Every page load or heartbeat renews it.
   */
  @EnvInt(5, 86_400)
  REVIEW_LOCK_SECONDS = 300;

  /** How long a moderation (the model's answer and any decision) can be read back. */
  @EnvInt(1, 3650)
  MODERATION_RETENTION_DAYS = 90;

  /** Photos one `POST /moderations` batch may hold. */
  @EnvInt(1, 1000)
  MAX_BATCH_FILES = 50;

  /** Batch photos one gateway classifies at once (each waits on the prediction queue). */
  @EnvInt(1, 256)
  BATCH_CONCURRENCY = 8;

  /**
   * The shared secret webhook deliveries are signed with (`Moderation-Signature`). Unset:
   * `callbackUrl` is refused, since an unsigned event cannot be trusted.
   */
  @Expose()
  @IsOptional()
  @Matches(/^[\x21-\x7e]{24,}$/, {
    message:
      'must be at least 24 printable characters without spaces (e.g. `openssl rand -hex 32`)',
  })
  WEBHOOK_SECRET?: string;

  /**
   * Hosts a `callbackUrl` may point to, comma-separated (`hooks.shop.example,api.shop.example`);
   * anything else is refused, so the service cannot be made to call internal addresses.
   */
  @Expose()
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+(:\d+)?(,[A-Za-z0-9.-]+(:\d+)?)*$/, {
    message: 'must be a comma-separated list of host names (optionally with :port)',
  })
  WEBHOOK_ALLOWED_HOSTS?: string;

  /** How long an event is retried before it is given up, in seconds (24 h). */
  @EnvInt(60, 30 * 24 * 3600)
  WEBHOOK_MAX_AGE = 24 * 3600;

  /** First retry delay of a webhook delivery, doubled each time up to WEBHOOK_RETRY_MAX_MS. */
  @EnvInt(100, 3_600_000)
  WEBHOOK_RETRY_BASE_MS = 1000;

  /** Longest wait between two deliveries of one event. */
  @EnvInt(100, 24 * 3_600_000)
  WEBHOOK_RETRY_MAX_MS = 3_600_000;

  /** How long moderations, batches and webhook attempts are kept in Redis, as a key's TTL. */
  get retentionSeconds(): number {
    return this.MODERATION_RETENTION_DAYS * 24 * 3600;
  }

  get webhookAllowedHosts(): string[] {
    return this.WEBHOOK_ALLOWED_HOSTS
      ? this.WEBHOOK_ALLOWED_HOSTS.split(',').map((host) => host.toLowerCase())
      : [];
  }

  get moderators(): Credential[] {
    return parseCredentials(this.MODERATOR_TOKENS);
  }

  get apiKeys(): Credential[] {
    return parseCredentials(this.API_KEYS);
  }

  get corsOrigins(): string[] {
    return this.CORS_ORIGINS ? this.CORS_ORIGINS.split(',') : [];
  }
}
