import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  QueueName,
  type FeedbackQueue,
  type PredictionQueue,
  type ReviewQueue,
} from '@moderation/contracts';
import { within } from '@moderation/platform';

/** Where a reused answer was found: this gateway's recent answers, or the finished job in Redis. */
export type ReuseSource = 'memory' | 'redis';

const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The gateway's Prometheus metrics, served at `GET /metrics`. */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });

  readonly requestSeconds = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: seconds,
    registers: [this.registry],
  });

  /** Where a prediction's time goes: waiting in the queue and moving, or in the worker (as Triton splits it). */
  readonly predictionSeconds = new Histogram({
    name: 'moderation_prediction_seconds',
    help: 'Prediction time by phase: queue (waiting and transport), inference (in the worker), total',
    labelNames: ['phase'],
    buckets: seconds,
    registers: [this.registry],
  });

  readonly reused = new Counter({
    name: 'moderation_prediction_reused_total',
    help: 'Predictions answered from an earlier result for the same bytes and model version, from the gateway memory or the finished job in Redis',
    labelNames: ['from'] as const,
    registers: [this.registry],
  });

  constructor(
    @InjectQueue(QueueName.Prediction) predictions: PredictionQueue,
    @InjectQueue(QueueName.Feedback) feedback: FeedbackQueue,
    @InjectQueue(QueueName.Review) review: ReviewQueue,
  ) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'moderation_queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const queue of [predictions, feedback, review]) {
          // Review items wait with priorities: BullMQ counts those as prioritized, not waiting.
          const counts = await within(
            500,
            queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed'),
          ).catch((): Record<string, number> => ({}));
          for (const [state, count] of Object.entries(counts)) {
            this.set({ queue: queue.name, state }, count);
          }
        }
      },
    });
  }

  /** One answer: classified by a worker, or reused from memory or from Redis. */
  observePrediction(totalMs: number, inferenceMs: number, reusedFrom?: ReuseSource): void {
    if (reusedFrom) {
      this.reused.inc({ from: reusedFrom });
      return;
    }
    this.predictionSeconds.observe({ phase: 'total' }, totalMs / 1000);
    this.predictionSeconds.observe({ phase: 'inference' }, inferenceMs / 1000);
    this.predictionSeconds.observe({ phase: 'queue' }, Math.max(0, totalMs - inferenceMs) / 1000);
  }
}
