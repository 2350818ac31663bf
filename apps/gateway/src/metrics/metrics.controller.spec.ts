import { QueueName } from '@moderation/contracts';
import { controllerSetup, type TestApp } from '../testing/controller-setup';
import { queueProvider } from '../testing/fake-queues';
import { GatewayMetrics } from './gateway-metrics';
import { MetricsController } from './metrics.controller';

/** A queue as the metrics read it: its name and its job counts by state. */
function countingQueue(name: QueueName, counts: Record<string, number>) {
  return { name, getJobCounts: jest.fn(async () => counts) };
}

describe('MetricsController (in process)', () => {
  let app: TestApp;
  let predictions: ReturnType<typeof countingQueue>;

  beforeEach(async () => {
    predictions = countingQueue(QueueName.Prediction, {
      waiting: 3,
      active: 1,
      delayed: 0,
      failed: 2,
    });
    app = await controllerSetup({
      controllers: [MetricsController],
      providers: [
        GatewayMetrics,
        queueProvider(QueueName.Prediction, predictions),
        queueProvider(
          QueueName.Feedback,
          countingQueue(QueueName.Feedback, { waiting: 5, active: 0, delayed: 0, failed: 0 }),
        ),
        queueProvider(
          QueueName.Review,
          countingQueue(QueueName.Review, { waiting: 0, prioritized: 7, active: 2 }),
        ),
      ],
    });
  });

  afterEach(() => app.close());

  it('answers the Prometheus text format, uncached, with the gateway metrics and queue sizes', async () => {
    const response = await app.fetch('/metrics');
    expect(response.status).toBe(200);
    // Scrapers check the type; Express would otherwise call a string text/html.
    const type = response.headers.get('content-type') ?? '';
    expect(type).toMatch(/^text\/plain;/);
    expect(type).toContain('version=0.0.4');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(text).toContain('# TYPE http_requests_total counter');
    expect(text).toContain('# TYPE moderation_prediction_seconds histogram');
    expect(text).toContain('moderation_queue_jobs{queue="prediction",state="waiting"} 3');
    expect(text).toContain('moderation_queue_jobs{queue="prediction",state="failed"} 2');
    expect(text).toContain('moderation_queue_jobs{queue="feedback",state="waiting"} 5');
    // Photos waiting for a person wait with a priority, and are counted as such.
    expect(text).toContain('moderation_queue_jobs{queue="review",state="prioritized"} 7');
    expect(text).toContain('moderation_queue_jobs{queue="review",state="active"} 2');
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('still answers when a queue does not (Redis down), without its sizes', async () => {
    predictions.getJobCounts.mockImplementation(() => new Promise(() => undefined));
    const started = performance.now();
    const response = await app.fetch('/metrics');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(3000);
    const text = await response.text();
    expect(text).not.toContain('moderation_queue_jobs{queue="prediction"');
    expect(text).toContain('moderation_queue_jobs{queue="feedback",state="waiting"} 5');
  });
});
