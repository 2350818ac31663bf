import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import {
  JobName,
  QueueName,
  type FeedbackQueue,
  type StartupRecordData,
} from '@moderation/contracts';
import { InferenceService } from '@moderation/inference';
import { within } from '@moderation/platform';

/** How long the start's record may wait for Redis before a warning says it is not queued. */
const enqueueTimeoutMs = 10_000;

/**
 * Queues a record of this worker's start (its models, versions and thresholds) for the audit
 * log, once the models are loaded. The audit log is written by the feedback queue's single
 * writer, so the start goes through that queue rather than to the file. Redis being down only
 * costs the record, with a warning: the worker still starts.
 */
@Injectable()
export class StartupAnnouncer implements OnApplicationBootstrap {
  private readonly logger = new Logger(StartupAnnouncer.name);

  constructor(
    @InjectQueue(QueueName.Feedback) private readonly feedback: FeedbackQueue,
    private readonly inference: InferenceService,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the worker takes jobs without waiting for Redis to answer this.
    void this.announce();
  }

  /** Queues the record with the start's id as the job id; never throws. */
  async announce(): Promise<void> {
    const start = this.startRecord();
    try {
      await within(
        enqueueTimeoutMs,
        this.feedback.add(JobName.RecordStartup, start, { jobId: start.startId }),
      );
      this.logger.log(`start ${start.startId} queued for the audit log`);
    } catch (error) {
      this.logger.warn(
        `could not queue start ${start.startId} for the audit log: ${String(error)}`,
      );
    }
  }

  private startRecord(): StartupRecordData {
    return {
      startId: randomUUID(),
      startedAt: new Date().toISOString(),
      host: hostname(),
      models: this.inference.loadedModels().map((model) => ({
        id: model.id,
        version: model.version,
        default: model.default,
        thresholds: this.inference.manifest(model.id).policy,
      })),
    };
  }
}
