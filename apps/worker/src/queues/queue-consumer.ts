import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Worker } from 'bullmq';
import type {
  JobResultOf,
  QueueName,
  QueueOf,
  ReceivedJobOf,
  WorkerOf,
} from '@moderation/contracts';
import { closeWorker, reportRedisErrors, type RedisProbe } from '@moderation/platform';

/** What runs each job of a queue; what it throws decides whether BullMQ retries. */
export interface JobHandler<Q extends QueueName> {
  process(job: ReceivedJobOf<Q>): Promise<JobResultOf<Q>>;
}

/** How a worker process consumes one queue, decided from the configuration. */
export interface ConsumerOptions {
  /** Jobs taken at once by this process. */
  concurrency: number;
  /** How long a job is held without renewing its lock (renewed every half of it). */
  lockMs: number;
}

/**
 * The BullMQ worker feeding one queue's jobs to its handler. Built here rather than from
 * `@Processor` decorator options, which are fixed when the class loads, before the
 * configuration is read.
 */
export class QueueConsumer<Q extends QueueName>
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  readonly worker: WorkerOf<Q>;

  constructor(
    queue: QueueOf<Q>,
    handler: JobHandler<Q>,
    options: ConsumerOptions,
    private readonly redis: RedisProbe,
  ) {
    this.worker = new Worker(queue.name, (job) => handler.process(job), {
      connection: queue.opts.connection,
      prefix: queue.opts.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      // A dead worker's job is noticed one interval after its lock lapsed.
      stalledInterval: options.lockMs,
      autorun: false,
    });
    const context = `${queue.name} consumer`;
    reportRedisErrors(this.worker, new Logger(context), context);
  }

  /** Jobs are taken only once every module is up, the models loaded. */
  onApplicationBootstrap(): void {
    this.worker.run().catch((error: unknown) => this.worker.emit('error', error as Error));
  }

  beforeApplicationShutdown(): Promise<void> {
    return closeWorker(this.worker, this.redis);
  }
}
