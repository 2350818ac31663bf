import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The worker's Prometheus metrics, served at `GET /metrics` beside its health endpoint. */
export class WorkerMetrics {
  readonly registry = new Registry();

  readonly batchSize = new Histogram({
    name: 'moderation_batch_size',
    help: 'Images per model call (dynamic batching)',
    labelNames: ['model'],
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [this.registry],
  });

  readonly inferenceSeconds = new Histogram({
    name: 'moderation_inference_seconds',
    help: 'Time in the worker per image: reading, decoding, waiting for its batch, the model',
    labelNames: ['model'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly jobs = new Counter({
    name: 'moderation_jobs_total',
    help: 'Jobs handled, by queue and outcome',
    labelNames: ['queue', 'outcome'],
    registers: [this.registry],
  });

  readonly modelLoaded = new Gauge({
    name: 'moderation_model_loaded',
    help: '1 for each model (and version) this worker serves',
    labelNames: ['model', 'version', 'default'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
