import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { QueueName, type FeedbackQueue } from '@moderation/contracts';
import { queueStartupRecord } from '@moderation/platform';
import { PolicySource } from './policy-source';

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
    const { file } = this.policy;
    void queueStartupRecord(
      this.records,
      {
        service: 'gateway',
        models: [],
        ...(file ? { policy: { version: file.version, models: file.models } } : {}),
      },
      this.logger,
    );
  }
}
