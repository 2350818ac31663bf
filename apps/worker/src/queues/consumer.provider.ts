import type { Provider, Type } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { QueueName, QueueOf } from '@moderation/contracts';
import { RedisProbe } from '@moderation/platform';
import { QueueConsumer, type ConsumerOptions, type JobHandler } from './queue-consumer';

/** The injection token of the consumer of a queue (its worker, for health reports). */
export function consumerToken(queue: QueueName): string {
  return `${queue}:consumer`;
}

/**
 * Registers the consumer of a queue in the module that holds its handler, on the connection the
 * module's `BullModule.registerQueue` gave the queue.
 */
export function consumerProvider<Q extends QueueName>(
  queue: Q,
  handler: Type<JobHandler<Q>>,
  options: ConsumerOptions,
): Provider {
  return {
    provide: consumerToken(queue),
    inject: [getQueueToken(queue), handler, RedisProbe],
    useFactory: (source: QueueOf<Q>, jobs: JobHandler<Q>, redis: RedisProbe) =>
      new QueueConsumer(source, jobs, options, redis),
  };
}
