import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import {
  formatFailure,
  isStoredName,
  JobName,
  PredictionFailure,
  QueueName,
  type PredictionResult,
  type ReceivedJobOf,
} from '@moderation/contracts';
import {
  ImageTooLargeError,
  InferenceService,
  UndecodableImageError,
  UnknownModelError,
} from '@moderation/inference';
import { WorkerEnv } from '../config/worker-env';
import { WorkerMetrics } from '../metrics/worker-metrics';
import type { JobHandler } from '../queues/queue-consumer';

/** Classifies each queued upload; inputs that can never succeed fail without a retry. */
@Injectable()
export class PredictionProcessor implements JobHandler<QueueName.Prediction> {
  constructor(
    private readonly inference: InferenceService,
    private readonly env: WorkerEnv,
    private readonly metrics: WorkerMetrics,
    @InjectPinoLogger(PredictionProcessor.name) private readonly logger: PinoLogger,
  ) {}

  async process(job: ReceivedJobOf<QueueName.Prediction>): Promise<PredictionResult> {
    if (job.name !== JobName.Classify) {
      throw new UnrecoverableError(`no handler for job ${job.name} on ${QueueName.Prediction}`);
    }
    const log = { requestId: job.data.requestId, jobId: job.id, attempt: job.attemptsMade + 1 };
    this.logger.info(log, 'classifying %s', job.data.storedName);
    if (!isStoredName(job.data.storedName)) {
      throw new UnrecoverableError(`not a stored upload name: ${job.data.storedName}`);
    }
    const started = performance.now();
    const upload = join(this.env.UPLOAD_DIR, job.data.storedName);
    try {
      // The decoder reads the file itself: the photo's bytes never pass through this thread.
      const classification = await this.inference.classifyOne(upload, job.data.model);
      const elapsedMs = performance.now() - started;
      const result = { ...classification, inferenceMs: Math.round(elapsedMs) };
      this.metrics.inferenceSeconds.observe({ model: result.model.id }, elapsedMs / 1000);
      this.metrics.jobs.inc({ queue: QueueName.Prediction, outcome: 'completed' });
      this.logger.info(
        {
          ...log,
          prediction: result.prediction,
          score: result.score,
          frames: result.frames && { ...result.frames, perFrame: undefined },
        },
        'classified',
      );
      return result;
    } catch (error) {
      this.metrics.jobs.inc({ queue: QueueName.Prediction, outcome: 'failed' });
      // The decoder calls a file it cannot open undecodable too. An upload not (yet) visible
      // here, e.g. on a shared volume, is a failure worth retrying: this throws it as such. Looked
      // at only on failure, so a photo classified costs no extra trip to the disk.
      if (error instanceof UndecodableImageError) await access(upload, constants.R_OK);
      throw permanentFailure(error) ?? error;
    }
  }
}

/** The failure of inputs that can never succeed, so BullMQ does not retry them; undefined otherwise. */
function permanentFailure(error: unknown): UnrecoverableError | undefined {
  const code =
    error instanceof UndecodableImageError
      ? PredictionFailure.UndecodableImage
      : error instanceof ImageTooLargeError
        ? PredictionFailure.ImageTooLarge
        : error instanceof UnknownModelError
          ? PredictionFailure.UnknownModel
          : undefined;
  return code && new UnrecoverableError(formatFailure(code, (error as Error).message));
}
