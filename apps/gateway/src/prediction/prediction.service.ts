import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import {
  JobName,
  parseFailure,
  predictionJobId,
  PredictionFailure,
  QueueName,
  type PredictionJob,
  type PredictionJobData,
  type PredictionQueue,
  type PredictionResult,
} from '@moderation/contracts';
import { withRedisDeadline } from '../errors/redis-deadline';
import { GatewayEnv } from '../config/gateway-env';
import {
  PredictionFailedError,
  PredictionTimeoutError,
  ServiceUnavailableError,
  PredictionRefusedError,
  type GatewayError,
} from '../errors/gateway-errors';
import { ServiceAvailability } from '../health/service-availability';
import { GatewayMetrics, type ReuseSource } from '../metrics/gateway-metrics';
import type { StoredUpload } from '../uploads/upload-store';
import { ModelVersions } from './model-versions';
import { RedisConnectionLostError } from './connection-loss';
import type { FinishedJob } from './expected-job';
import { PredictionEvents } from './prediction-events';
import { RecentPredictions } from './recent-predictions';
import { VerdictPolicy } from './verdict-policy';

export interface Prediction extends PredictionResult {
  /** The policy version that gave the verdict (see {@link VerdictPolicy}). */
  policyVersion: string;
  storedName: string;
  /** From the job's creation to its result, as the gateway saw it. */
  totalMs: number;
  /** Answered from an earlier prediction of the same bytes by the same model version. */
  reused: boolean;
}

/** What a client reads for each reason a worker refuses an image, given the worker's detail. */
const refusalMessage: Record<PredictionFailure, (detail: string) => string> = {
  [PredictionFailure.UndecodableImage]: (detail) => `The file is not a readable image: ${detail}`,
  [PredictionFailure.ImageTooLarge]: (detail) => `The image has too many pixels: ${detail}`,
  [PredictionFailure.UnknownModel]: (detail) => detail,
};

/** A job to wait for; `rememberAs` when its answer may be reused (its id names bytes and model). */
interface Queued {
  job: PredictionJob;
  expected?: Promise<PredictionResult>;
  rememberAs?: string;
}

/** An earlier answer for the same bytes and model version, or a job to wait for. */
type Found = { reused: PredictionResult; from: ReuseSource } | Queued;

/** Puts one stored upload on the prediction queue and waits for the worker's answer. */
@Injectable()
export class PredictionService {
  constructor(
    @InjectQueue(QueueName.Prediction)
    private readonly queue: PredictionQueue,
    private readonly events: PredictionEvents,
    private readonly versions: ModelVersions,
    private readonly verdicts: VerdictPolicy,
    private readonly availability: ServiceAvailability,
    private readonly env: GatewayEnv,
    private readonly metrics: GatewayMetrics,
    private readonly recent: RecentPredictions,
  ) {
    // Every waiting request listens for the queue closing; hundreds may wait at once.
    this.queue.setMaxListeners(0);
  }

  async predict(
    upload: StoredUpload,
    model: string | undefined,
    requestId: string,
  ): Promise<Prediction> {
    await this.availability.assertAvailable();
    const started = performance.now();
    const found = await this.withRedis(() =>
      this.findOrAdd({ requestId, storedName: upload.storedName, model }, upload),
    );
    const reused = 'reused' in found;
    let result: PredictionResult;
    if (reused) {
      result = found.reused;
    } else {
      const { job, expected, rememberAs } = found;
      try {
        result = await this.events.whileConnected<PredictionResult>(
          expected ?? job.waitUntilFinished(this.events.events, this.env.PREDICTION_TIMEOUT_MS),
        );
      } catch (error) {
        throw await this.failureOf(job, error);
      }
      if (rememberAs) this.recent.remember(rememberAs, result, Date.now());
    }
    const judged = await this.withRedis(() => this.verdicts.apply(result));
    const totalMs = Math.round(performance.now() - started);
    this.metrics.observePrediction(totalMs, result.inferenceMs, reused ? found.from : undefined);
    return { ...judged, storedName: upload.storedName, totalMs, reused };
  }

  /**
   * The job for these bytes and this model version: a finished one is reused as it is, one in
   * flight is shared, and otherwise a new one is added. A model no worker announced gets a job
   * of its own, which the worker refuses when the model is unknown.
   */
  private async findOrAdd(data: PredictionJobData, upload: StoredUpload): Promise<Found> {
    const model = await this.versions.resolve(data.model);
    if (!model) return { job: await this.queue.add(JobName.Classify, data) };
    const jobId = predictionJobId(upload.sha256, model.id, model.version);
    const add = () => this.queue.add(JobName.Classify, { ...data, model: model.id }, { jobId });
    // Bytes stored for the first time have no earlier prediction to look up (uploads are never
    // deleted), and their job is awaited from before it is added: neither a look for an earlier
    // job nor one after the add, Redis round trips every new photo saves. A request with the same
    // bytes that added the job first is still joined, since BullMQ keeps the job an id already
    // names (and says so: see expectNew).
    if (upload.firstSeen) {
      await this.events.events.waitUntilReady();
      const expected = this.events.expectNew(jobId, this.env.PREDICTION_TIMEOUT_MS, () =>
        this.finished(jobId),
      );
      try {
        return { job: await add(), expected: expected.outcome, rememberAs: jobId };
      } catch (error) {
        expected.cancel();
        throw error;
      }
    }
    const remembered = this.recent.get(jobId);
    if (remembered) return { reused: remembered, from: 'memory' };
    const existing = await this.queue.getJob(jobId);
    if (existing?.finishedOn) {
      if (!existing.failedReason && existing.returnvalue) {
        this.recent.remember(jobId, existing.returnvalue, existing.finishedOn);
        return { reused: existing.returnvalue, from: 'redis' };
      }
      // A transient failure, or a job that finished without a result, is not an answer: try again.
      const permanent = existing.failedReason && parseFailure(existing.failedReason);
      if (!permanent) await existing.remove();
    }
    return { job: await add(), rememberAs: jobId };
  }

  /** The job's outcome if it has finished. */
  private async finished(jobId: string): Promise<FinishedJob | undefined> {
    const job = await this.queue.getJob(jobId);
    if (!job?.finishedOn) return undefined;
    return job.failedReason ? { failedReason: job.failedReason } : { returnvalue: job.returnvalue };
  }

  private withRedis<T>(commands: () => Promise<T>): Promise<T> {
    return withRedisDeadline(
      commands,
      'The service cannot classify right now: Redis is unreachable',
      { onUnreachable: () => this.availability.distrust() },
    );
  }

  /** The client-facing error for a job that failed or did not finish in time. */
  private async failureOf(job: PredictionJob, error: unknown): Promise<GatewayError> {
    if (error instanceof RedisConnectionLostError) {
      this.availability.distrust();
      return new ServiceUnavailableError(
        'The service lost its Redis connection while waiting for the answer; try again',
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    const failure = parseFailure(message);
    if (failure)
      return new PredictionRefusedError(failure.code, refusalMessage[failure.code](failure.detail));
    if (message.includes('timed out')) {
      // Nobody will read a late answer: a job no worker has started yet is withdrawn.
      if ((await job.getState().catch(() => 'unknown')) === 'waiting') {
        await job.remove().catch(() => undefined);
      }
      return new PredictionTimeoutError(this.env.PREDICTION_TIMEOUT_MS);
    }
    return new PredictionFailedError();
  }
}
