import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Worker } from 'bullmq';
import {
  QueueName,
  type JobDataOf,
  type JobResultOf,
  type WebhookQueue,
} from '@moderation/contracts';
import { closeWorker, RedisProbe, reportRedisErrors } from '@moderation/platform';
import { GatewayEnv } from '../config/gateway-env';
import { cappedExponentialStrategy } from './webhook-backoff';
import { WebhookAttempts } from './webhook-attempts';
import { WebhookProcessor } from './webhook.processor';

/** Deliveries one gateway makes at once: each mostly waits on a receiver. */
export const deliveryConcurrency = 8;

/**
 * The gateway's consumer of the `webhook` queue (sending HTTP needs no model, so no worker
 * process is involved). It runs only where `WEBHOOK_SECRET` is set: an event is never sent
 * unsigned, and a gateway without the secret leaves the jobs to one that has it. The queue's
 * custom back-off is computed here, in the worker's settings, from `WEBHOOK_RETRY_BASE_MS` and
 * `WEBHOOK_RETRY_MAX_MS`.
 */
@Injectable()
export class WebhookDelivery implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDelivery.name);
  private worker?: Worker<JobDataOf<QueueName.Webhook>, JobResultOf<QueueName.Webhook>>;

  constructor(
    @InjectQueue(QueueName.Webhook) private readonly queue: WebhookQueue,
    private readonly attempts: WebhookAttempts,
    private readonly env: GatewayEnv,
    private readonly redis: RedisProbe,
  ) {}

  onApplicationBootstrap(): void {
    const { env } = this;
    if (!env.WEBHOOK_SECRET) {
      this.logger.log('webhook deliveries off: WEBHOOK_SECRET is not set');
      return;
    }
    const processor = new WebhookProcessor(this.attempts, {
      secret: env.WEBHOOK_SECRET,
      allowedHosts: env.webhookAllowedHosts,
      maxAgeSeconds: env.WEBHOOK_MAX_AGE,
    });
    this.worker = new Worker(QueueName.Webhook, (job) => processor.process(job), {
      connection: this.queue.opts.connection,
      prefix: this.queue.opts.prefix,
      concurrency: deliveryConcurrency,
      settings: {
        backoffStrategy: cappedExponentialStrategy(
          env.WEBHOOK_RETRY_BASE_MS,
          env.WEBHOOK_RETRY_MAX_MS,
        ),
      },
      autorun: false,
    });
    reportRedisErrors(this.worker, this.logger, QueueName.Webhook);
    reportRedisErrors(this.queue, this.logger, QueueName.Webhook);
    this.worker.on('failed', (job, error) => {
      if (job && error.name === 'UnrecoverableError') {
        this.logger.warn(`webhook event ${job.id} given up: ${error.message}`);
      }
    });
    this.worker.run().catch((error: unknown) => this.worker?.emit('error', error as Error));
  }

  async beforeApplicationShutdown(): Promise<void> {
    // A delivery cut short is taken again by another gateway once its lock lapses.
    if (this.worker) await closeWorker(this.worker, this.redis);
  }
}
