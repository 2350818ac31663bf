import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { JobName, QueueName, type FeedbackQueue } from '@moderation/contracts';
import { within } from '@moderation/platform';
import { PolicySource } from './policy-source';

/** How long the start's record may wait for Redis before a warning says it is not queued. */
const enqueueTimeoutMs = 10_000;

/**
 * Records this gateway's start in the audit log, with the policy its verdicts follow from now
 * on. Redis being down costs the record and a warning, never the start.
 */
@Injectable()
export class GatewayStartRecord implements OnApplicationBootstrap {
  private readonly logger = new Logger(GatewayStartRecord.name);

  constructor(
    @InjectQueue(QueueName.Feedback) private readonly records: FeedbackQueue,
    private readonly policy: PolicySource,
  ) {}

  onApplicationBootstrap(): void {
    void this.queue();
  }

  private async queue(): Promise<void> {
    const startId = randomUUID();
    const { file } = this.policy;
    try {
      await within(
        enqueueTimeoutMs,
        this.records.add(
          JobName.RecordStartup,
          {
            startId,
            startedAt: new Date().toISOString(),
            host: hostname(),
            service: 'gateway',
            models: [],
            ...(file ? { policy: { version: file.version, models: file.models } } : {}),
          },
          { jobId: startId },
        ),
      );
    } catch (error) {
      this.logger.warn(`could not queue start ${startId} for the audit log: ${String(error)}`);
    }
  }
}
