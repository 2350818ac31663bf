import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { UnrecoverableError, Worker } from 'bullmq';
import {
  JobName,
  QueueName,
  type BatchItemJobData,
  type BatchQueue,
  type JobResultOf,
  type ReceivedJobOf,
} from '@moderation/contracts';
import { closeWorker, RedisProbe, reportRedisErrors } from '@moderation/platform';
import { GatewayEnv } from '../config/gateway-env';
import { PredictionRefusedError } from '../errors/gateway-errors';
import { ModerationService } from '../moderation/moderation.service';
import { PredictionService } from '../prediction/prediction.service';
import { WebhookPublisher } from '../webhooks/webhook-publisher';

/**
 * Moderates the photos of batches: each one classified through the prediction queue like a
 * `POST /predict` (reusing a result for the same bytes), then opened as a moderation under the
 * id the shop was given, and announced to its callback. Runs in the gateways, where the policy,
 * the moderations and the review queue live; a gateway that dies mid-way leaves the job to
 * another through the stalled check.
 */
@Injectable()
export class BatchItemProcessor
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(BatchItemProcessor.name);
  private worker?: Worker<BatchItemJobData, JobResultOf<QueueName.Batch>>;

  constructor(
    @InjectQueue(QueueName.Batch) private readonly queue: BatchQueue,
    private readonly predictions: PredictionService,
    private readonly moderations: ModerationService,
    private readonly webhooks: WebhookPublisher,
    private readonly env: GatewayEnv,
    private readonly redis: RedisProbe,
  ) {}

  onModuleInit(): void {
    this.worker = new Worker(QueueName.Batch, (job) => this.process(job), {
      connection: this.queue.opts.connection,
      prefix: this.queue.opts.prefix,
      concurrency: this.env.BATCH_CONCURRENCY,
      autorun: false,
    });
    reportRedisErrors(this.worker, this.logger, QueueName.Batch);
  }

  onApplicationBootstrap(): void {
    this.worker?.run().catch((error: unknown) => this.worker?.emit('error', error as Error));
  }

  /** Lets photos in flight finish; at once while Redis is unreachable (they are retried then). */
  async onApplicationShutdown(): Promise<void> {
    if (this.worker) await closeWorker(this.worker, this.redis);
  }

  async process(job: ReceivedJobOf<QueueName.Batch>): Promise<JobResultOf<QueueName.Batch>> {
    if (job.name !== JobName.ModerateBatchItem) {
      throw new UnrecoverableError(`no handler for job ${job.name} on ${QueueName.Batch}`);
    }
    const item = job.data;
    // A retry after the moderation was opened only announces it again (at least once).
    let moderation = await this.moderations.existing(item.moderationId);
    if (!moderation) {
      const upload = {
        storedName: item.storedName,
        sha256: item.sha256,
        size: item.size,
        firstSeen: item.firstSeen && job.attemptsMade === 0,
      };
      let prediction;
      try {
        prediction = await this.predictions.predict(upload, item.model, item.requestId);
      } catch (error) {
        // Not an image the workers can read, too many pixels, an unknown model: never will be.
        if (error instanceof PredictionRefusedError) throw new UnrecoverableError(error.message);
        throw error;
      }
      moderation = await this.moderations.open(prediction, item.reference, {
        id: item.moderationId,
        batchId: item.batchId,
        callbackUrl: item.callbackUrl,
      });
    }
    await this.webhooks.publish(moderation, 'moderation.completed');
    return { moderationId: moderation.id };
  }
}
