import { HttpStatus } from '@nestjs/common';
import { PredictionFailure } from '@moderation/contracts';
import { acceptedImageTypes } from '../uploads/image-type';

/**
 * Errors the gateway raises on purpose. Each knows its HTTP status and a stable machine-readable
 * code; {@link HttpErrorFilter} is the one place that turns them into responses.
 */
export abstract class GatewayError extends Error {
  abstract readonly status: HttpStatus;
  abstract readonly code: string;
  /** Response headers that belong to the error, e.g. `Retry-After`. */
  readonly headers: Readonly<Record<string, string>> = {};

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The multipart body has no `file` part (texts kept from the original service). */
export class NoFilePartError extends GatewayError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly code = 'no-file';
  constructor() {
    super('No file part');
  }
}

/** A `file` part with no file chosen: browsers send an empty file name. */
export class NoImageSelectedError extends GatewayError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly code = 'no-image-selected';
  constructor() {
    super('No image selected for uploading');
  }
}

export class EmptyFileError extends GatewayError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly code = 'empty-file';
  constructor() {
    super('The uploaded file is empty');
  }
}

/** The bytes are not one of the accepted image formats (whatever the file name says). */
export class UnsupportedImageTypeError extends GatewayError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly code = 'unsupported-type';
  constructor() {
    super(`Allowed image types are -> ${acceptedImageTypes.join(', ')}`);
  }
}

export class UploadTooLargeError extends GatewayError {
  readonly status = HttpStatus.PAYLOAD_TOO_LARGE;
  readonly code = 'too-large';
  constructor(limitBytes: number) {
    super(`The upload is larger than the limit of ${limitBytes.toLocaleString('en')} bytes`);
  }
}

/** The HTTP status of each reason a worker refuses an image for good: the client's input. */
const refusalStatus: Record<PredictionFailure, HttpStatus> = {
  [PredictionFailure.UndecodableImage]: HttpStatus.BAD_REQUEST,
  [PredictionFailure.UnknownModel]: HttpStatus.BAD_REQUEST,
  // More pixels than the workers decode: a decompression bomb, or an absurd photo.
  [PredictionFailure.ImageTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
};

/**
 * A worker refused the image for good, for a reason the contracts name (an unreadable image, an
 * unknown model, too many pixels). One class for them all: the reason is its code.
 */
export class PredictionRefusedError extends GatewayError {
  readonly status: HttpStatus;
  readonly code: PredictionFailure;

  constructor(reason: PredictionFailure, message: string) {
    super(message);
    this.code = reason;
    this.status = refusalStatus[reason];
  }
}

/** Feedback names a file this service never stored. */
export class UnknownUploadError extends GatewayError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly code = 'unknown-file';
  constructor(name: string) {
    super(`No stored upload is named ${JSON.stringify(name.slice(0, 100))}`);
  }
}

/** A report names a class the model does not have. */
export class UnknownLabelError extends GatewayError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly code = 'unknown-label';
  constructor(field: string, labels: readonly string[]) {
    super(`${field} must be one of the model's classes: ${labels.join(', ')}`);
  }
}

/** A body in a format the route does not read (e.g. `text/plain` for a report). */
export class UnsupportedBodyTypeError extends GatewayError {
  readonly status = HttpStatus.UNSUPPORTED_MEDIA_TYPE;
  readonly code = 'unsupported-media-type';
  constructor(accepted: readonly string[]) {
    super(`Send the body as one of: ${accepted.join(', ')}`);
  }
}

/** Redis is unreachable or no worker consumes predictions: nothing could answer in time. */
export class ServiceUnavailableError extends GatewayError {
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  readonly code = 'unavailable';
}

export class PredictionTimeoutError extends GatewayError {
  readonly status = HttpStatus.GATEWAY_TIMEOUT;
  readonly code = 'timeout';
  constructor(timeoutMs: number) {
    super(`No prediction within ${timeoutMs} ms; try again`);
  }
}

/** The worker failed the job for a reason that is not the client's (after its retries). */
export class PredictionFailedError extends GatewayError {
  readonly status = HttpStatus.BAD_GATEWAY;
  readonly code = 'prediction-failed';
  constructor() {
    super('The prediction failed; try again');
  }
}

/** The client sent more requests than its limit allows in the current window. */
export class RateLimitedError extends GatewayError {
  readonly status = HttpStatus.TOO_MANY_REQUESTS;
  readonly code = 'rate-limited';
  override readonly headers: Readonly<Record<string, string>>;
  constructor(retryAfterSeconds: number) {
    super(`Too many requests; try again in ${retryAfterSeconds} s`);
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}

/** No moderation has that id (never made, or older than the retention). */
export class ModerationNotFoundError extends GatewayError {
  readonly status = HttpStatus.NOT_FOUND;
  readonly code = 'moderation-not-found';
  constructor(id: string) {
    super(`No moderation ${id} (moderations are kept for MODERATION_RETENTION_DAYS)`);
  }
}

/** A decision on a moderation that cannot take one now: decided, not in review, or held. */
export class DecisionConflictError extends GatewayError {
  readonly status = HttpStatus.CONFLICT;
  readonly code = 'decision-conflict';
}

/** An `Idempotency-Key` already used, within its day, for a request with another body. */
export class IdempotencyKeyReusedError extends GatewayError {
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  readonly code = 'idempotency-key-reused';
  constructor() {
    super('This Idempotency-Key was used for a different request; use a new key for a new request');
  }
}

/** The first request with this `Idempotency-Key` is still being answered. */
export class IdempotencyInProgressError extends GatewayError {
  readonly status = HttpStatus.CONFLICT;
  readonly code = 'idempotency-in-progress';
  constructor() {
    super('A request with this Idempotency-Key is still in progress; retry in a moment');
  }
}

/** An `Idempotency-Key` that is empty, too long or not printable ASCII. */
export class InvalidIdempotencyKeyError extends GatewayError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly code = 'invalid-idempotency-key';
  constructor() {
    super('Idempotency-Key must be 1 to 255 printable ASCII characters (a UUID is a good key)');
  }
}

/** A batch without photos: they come as multipart parts named `files`. */
export class NoBatchFilesError extends GatewayError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly code = 'no-files';
  constructor() {
    super('Send the photos as multipart parts named "files"');
  }
}

/** Some photos of a batch cannot be taken: the whole batch is refused, each reason named. */
export class BatchFilesRefusedError extends GatewayError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly code = 'files-refused';
  constructor(problems: string[]) {
    super(`The batch was not accepted: ${problems.join('; ')}`);
  }
}

/** References that cannot be matched to the photos, one by one. */
export class BatchReferencesMismatchError extends GatewayError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly code = 'references-mismatch';
  constructor(files: number, references: number) {
    super(
      `${references} reference fields for ${files} photos: send one per photo, in the same order (an empty one for none)`,
    );
  }
}

export class BatchNotFoundError extends GatewayError {
  readonly status = HttpStatus.NOT_FOUND;
  readonly code = 'batch-not-found';
  constructor(id: string) {
    super(`No batch ${id} (batches are kept for MODERATION_RETENTION_DAYS)`);
  }
}
