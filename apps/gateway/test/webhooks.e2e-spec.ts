import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import {
  defaultJobOptions,
  JobName,
  QueueName,
  type WebhookAttempt,
  type WebhookEvent,
  type WebhookJobData,
} from '@moderation/contracts';
import { redisConnectionOptions } from '@moderation/platform';
import { freePort, pollUntil } from '@moderation/processes';
import { readWebhookEvent } from '@moderation/api-client';
import { answered, fixturePhoto } from './support/client';
import { Stack } from './support/stack';

const secret = 'e2e-webhook-secret-0123456789abcdef';
const alice = 'alice-e2e-token-0123456789abcdef';
const shop = 'shop-e2e-key-0123456789abcdef012';

interface Delivery {
  body: string;
  signature: string;
  eventId: string;
  userAgent: string;
  at: number;
}

/** A receiver on a loopback port answering each delivery with the next status of `statuses`. */
class Receiver {
  readonly deliveries: Delivery[] = [];
  private server?: Server;

  constructor(
    readonly port: number,
    private readonly statuses: (n: number) => number = () => 200,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/moderation`;
  }

  async listen(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.deliveries.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(request.headers['moderation-signature']),
          eventId: String(request.headers['moderation-event-id']),
          userAgent: String(request.headers['user-agent']),
          at: Date.now(),
        });
        response.writeHead(this.statuses(this.deliveries.length)).end();
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function eventFor(moderationId: string, createdAt = new Date()): WebhookEvent {
  return {
    id: randomUUID(),
    type: 'moderation.completed',
    createdAt: createdAt.toISOString(),
    data: { moderation: { id: moderationId, state: 'approved', note: 'café ✓' } },
  };
}

describe('webhook delivery (real Redis, gateway process)', () => {
  let stack: Stack;
  let queue: Queue<WebhookJobData>;
  let redis: Redis;
  let flaky: Receiver;
  let late: Receiver;
  let patient: Receiver;

  beforeAll(async () => {
    flaky = new Receiver(await freePort(), (n) => (n <= 2 ? 503 : 200));
    late = new Receiver(await freePort());
    patient = new Receiver(await freePort());
    stack = await Stack.start({
      gatewayEnv: {
        MODERATOR_TOKENS: `alice:${alice}`,
        API_KEYS: `shop-1:${shop}`,
        WEBHOOK_SECRET: secret,
        WEBHOOK_ALLOWED_HOSTS: [flaky, late, patient].map((r) => `127.0.0.1:${r.port}`).join(','),
        WEBHOOK_RETRY_BASE_MS: '200',
        WEBHOOK_RETRY_MAX_MS: '2000',
        WEBHOOK_MAX_AGE: '60',
      },
    });
    const connection = redisConnectionOptions(stack.redis.url);
    queue = new Queue<WebhookJobData>(QueueName.Webhook, {
      connection,
      defaultJobOptions: defaultJobOptions[QueueName.Webhook],
    });
    redis = new Redis(connection);
  });

  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await Promise.all([flaky, late, patient].map((receiver) => receiver?.close()));
    await stack?.stop();
  });

  /** Queues an event as WebhookPublisher does: one job, its id the event's. */
  async function publish(event: WebhookEvent, receiver: Receiver, moderationId: string) {
    await queue.add(
      JobName.DeliverWebhook,
      { event, callbackUrl: receiver.url, moderationId },
      { jobId: event.id },
    );
  }

  const attemptsOf = async (moderationId: string): Promise<WebhookAttempt[]> =>
    (await redis.lrange(`moderation:webhooks:${moderationId}`, 0, -1)).map(
      (raw) => JSON.parse(raw) as WebhookAttempt,
    );

  it('retries a receiver that refuses twice: three tries, one signed event taken, shown on the moderation', async () => {
    const answer = await answered(stack.client().predict(fixturePhoto('chelsea.png')));
    expect(answer.status).toBe(200);
    const moderationId = answer.body.moderationId as string;
    const event = eventFor(moderationId);
    await flaky.listen();
    await publish(event, flaky, moderationId);

    await pollUntil(
      () => queue.getJobState(event.id),
      (state) => state === 'completed',
    );
    // No fourth try comes after the accepted one.
    await sleep(1000);
    expect(flaky.deliveries).toHaveLength(3);
    const bodies = new Set(flaky.deliveries.map((delivery) => delivery.body));
    expect(bodies).toEqual(new Set([JSON.stringify(event)]));
    expect(flaky.deliveries.map((delivery) => delivery.eventId)).toEqual([
      event.id,
      event.id,
      event.id,
    ]);
    expect(flaky.deliveries[0].userAgent).toBe('image-moderation-webhooks');
    // Backed off: 200 ms, then 400 ms (give or take BullMQ's delayed-job timers).
    expect(flaky.deliveries[1].at - flaky.deliveries[0].at).toBeGreaterThanOrEqual(150);
    expect(flaky.deliveries[2].at - flaky.deliveries[1].at).toBeGreaterThanOrEqual(350);

    // A receiver verifies with the client's helper: the event with our secret, none with another.
    const taken = flaky.deliveries[2];
    expect(readWebhookEvent(secret, taken.body, taken.signature)).toEqual(event);
    expect(
      readWebhookEvent('another-secret-0123456789abcdef', taken.body, taken.signature),
    ).toBeUndefined();

    const { status, body } = await answered(stack.client(shop).moderation(moderationId));
    expect(status).toBe(200);
    expect(body.webhooks).toEqual([
      expect.objectContaining({ eventId: event.id, attempt: 1, status: 503, delivered: false }),
      expect.objectContaining({ eventId: event.id, attempt: 2, status: 503, delivered: false }),
      expect.objectContaining({ eventId: event.id, attempt: 3, status: 200, delivered: true }),
    ]);
  });

  it('delivers to a receiver that was down for half a minute once it is back', async () => {
    const moderationId = randomUUID();
    const event = eventFor(moderationId);
    await publish(event, late, moderationId);
    await sleep(28_000);
    expect(late.deliveries).toHaveLength(0);
    const failedTries = await attemptsOf(moderationId);
    // 200 ms doubling up to 2 s: about 15 tries in 28 s, each refused.
    expect(failedTries.length).toBeGreaterThanOrEqual(8);
    expect(failedTries.every((attempt) => !attempt.delivered)).toBe(true);
    expect(failedTries[0].error).toBe('no answer: ECONNREFUSED');

    await late.listen();
    await pollUntil(
      async () => late.deliveries.length,
      (n) => n > 0,
      { timeoutMs: 5000 },
    );
    await pollUntil(
      () => queue.getJobState(event.id),
      (state) => state === 'completed',
      { timeoutMs: 2000 },
    );
    expect(late.deliveries).toHaveLength(1);
    expect(
      readWebhookEvent(secret, late.deliveries[0].body, late.deliveries[0].signature),
    ).toBeDefined();
    const tries = await attemptsOf(moderationId);
    expect(tries.at(-1)).toMatchObject({ delivered: true, status: 200 });
  }, 45_000);

  it('gives up an event older than WEBHOOK_MAX_AGE without sending it', async () => {
    await patient.listen();
    const moderationId = randomUUID();
    const event = eventFor(moderationId, new Date(Date.now() - 2 * 60_000));
    await publish(event, patient, moderationId);

    await pollUntil(
      () => queue.getJobState(event.id),
      (state) => state === 'failed',
    );
    const job = await queue.getJob(event.id);
    expect(job?.failedReason).toMatch(/given up: .*WEBHOOK_MAX_AGE \(60 s\)/);
    expect(job?.attemptsMade).toBe(1);
    expect(patient.deliveries).toHaveLength(0);
    expect(await attemptsOf(moderationId)).toEqual([
      expect.objectContaining({ eventId: event.id, attempt: 1, delivered: false }),
    ]);
  });
});
