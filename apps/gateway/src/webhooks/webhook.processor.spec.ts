import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnrecoverableError } from 'bullmq';
import {
  JobName,
  type QueueName,
  type ReceivedJobOf,
  type WebhookAttempt,
  type WebhookEvent,
} from '@moderation/contracts';
import { signWebhook, verifyWebhook } from '@moderation/webhook-signature';
import { userAgent, WebhookProcessor, type WebhookProcessorOptions } from './webhook.processor';

const secret = 'unit-webhook-secret-0123456789abcdef';
const moderationId = '3f0c8a52-7d4e-4b1a-9c55-2f0b8e3d9c41';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  method?: string;
}

/** A receiver on a loopback port that answers each request as `answer` says. */
async function receiver(
  answer: (response: ServerResponse) => void,
): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        method: request.method,
      });
      answer(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received };
}

function eventAt(createdAt: Date): WebhookEvent {
  return {
    id: '8a1c2e4f-0b7e-4c4e-9d5f-3a8e9a552f0b',
    type: 'moderation.completed',
    createdAt: createdAt.toISOString(),
    // Non-ASCII on purpose: the signature covers the UTF-8 bytes sent, not a re-serialisation.
    data: { moderation: { id: moderationId, reference: 'café ✓', state: 'approved' } },
  };
}

function jobFor(
  callbackUrl: string,
  event = eventAt(new Date()),
  attemptsMade = 0,
  name: string = JobName.DeliverWebhook,
): ReceivedJobOf<QueueName.Webhook> {
  return {
    name,
    attemptsMade,
    data: { event, callbackUrl, moderationId },
  } as unknown as ReceivedJobOf<QueueName.Webhook>;
}

describe('WebhookProcessor', () => {
  const servers: Server[] = [];
  let recorded: { moderationId: string; attempt: WebhookAttempt }[];

  function processor(port: number, options: Partial<WebhookProcessorOptions> = {}) {
    recorded = [];
    const attempts = {
      record: jest.fn(async (id: string, attempt: WebhookAttempt) => {
        recorded.push({ moderationId: id, attempt });
      }),
    };
    return new WebhookProcessor(attempts, {
      secret,
      allowedHosts: [`127.0.0.1:${port}`],
      maxAgeSeconds: 3600,
      ...options,
    });
  }

  async function start(answer: (response: ServerResponse) => void) {
    const started = await receiver(answer);
    servers.push(started.server);
    return { ...started, url: `http://127.0.0.1:${started.port}/hooks?shop=1` };
  }

  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('POSTs the event once, signed over the exact bytes sent, and records the delivery', async () => {
    const { port, url, received } = await start((response) => response.writeHead(204).end());
    const event = eventAt(new Date());
    const before = Math.floor(Date.now() / 1000);
    await expect(processor(port).process(jobFor(url, event))).resolves.toEqual({ status: 204 });

    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery.method).toBe('POST');
    expect(delivery.body).toBe(JSON.stringify(event));
    expect(JSON.parse(delivery.body)).toEqual(event);
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['user-agent']).toBe(userAgent);
    expect(delivery.headers['moderation-event-id']).toBe(event.id);
    const signature = String(delivery.headers['moderation-signature']);
    expect(verifyWebhook(secret, delivery.body, signature)).toBe(true);
    expect(verifyWebhook('another-secret-0123456789abcdef', delivery.body, signature)).toBe(false);
    const t = Number(/^t=(\d+),/.exec(signature)?.[1]);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(signature).toBe(signWebhook(secret, delivery.body, t));

    expect(recorded).toEqual([
      {
        moderationId,
        attempt: {
          eventId: event.id,
          type: 'moderation.completed',
          attempt: 1,
          at: expect.stringMatching(/Z$/),
          status: 204,
          delivered: true,
        },
      },
    ]);
  });

  it('throws to retry on a 500, recording the try with its number', async () => {
    const { port, url } = await start((response) => response.writeHead(500).end('oops'));
    const error = await processor(port)
      .process(jobFor(url, eventAt(new Date()), 2))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UnrecoverableError);
    expect((error as Error).message).toBe('the receiver answered 500');
    expect(recorded.map(({ attempt }) => attempt)).toEqual([
      expect.objectContaining({
        attempt: 3,
        status: 500,
        delivered: false,
        error: 'the receiver answered 500',
      }),
    ]);
  });

  it('does not follow a redirect: it is a failed try', async () => {
    const target = await start((response) => response.writeHead(200).end());
    const { port, url } = await start((response) =>
      response.writeHead(302, { location: `http://127.0.0.1:${target.port}/` }).end(),
    );
    await expect(processor(port).process(jobFor(url))).rejects.toThrow(/redirect/);
    expect(target.received).toHaveLength(0);
    expect(recorded[0].attempt).toMatchObject({ status: 302, delivered: false });
    expect(recorded[0].attempt.error).toMatch(/redirects are not followed/);
  });

  it('gives a receiver that does not answer in time a failed try, retried', async () => {
    const { port, url } = await start(() => undefined);
    const error = await processor(port, { timeoutMs: 200 })
      .process(jobFor(url))
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(UnrecoverableError);
    expect((error as Error).message).toBe('no answer within 200 ms');
    expect(recorded[0].attempt).toMatchObject({
      delivered: false,
      error: 'no answer within 200 ms',
    });
    expect(recorded[0].attempt).not.toHaveProperty('status');
  });

  it('retries a receiver that refuses connections', async () => {
    const { port, url, server } = await start(() => undefined);
    await new Promise((resolve) => server.close(resolve));
    await expect(processor(port).process(jobFor(url))).rejects.toThrow('no answer: ECONNREFUSED');
    expect(recorded[0].attempt).toMatchObject({
      delivered: false,
      error: 'no answer: ECONNREFUSED',
    });
  });

  it('gives up an event older than WEBHOOK_MAX_AGE without sending it', async () => {
    const { port, url, received } = await start((response) => response.writeHead(200).end());
    const old = eventAt(new Date(Date.now() - 120_000));
    const error = await processor(port, { maxAgeSeconds: 60 })
      .process(jobFor(url, old, 7))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect(received).toHaveLength(0);
    expect(recorded[0].attempt).toMatchObject({
      attempt: 8,
      delivered: false,
      error: expect.stringMatching(/^given up: .*WEBHOOK_MAX_AGE \(60 s\)/),
    });
  });

  it('gives up an event whose createdAt cannot be read', async () => {
    const { port, url } = await start((response) => response.writeHead(200).end());
    const event = { ...eventAt(new Date()), createdAt: 'yesterday' };
    await expect(processor(port).process(jobFor(url, event))).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
  });

  it('gives up a URL that is no longer allowed, without sending it', async () => {
    const { port, url, received } = await start((response) => response.writeHead(200).end());
    const error = await processor(port, { allowedHosts: ['hooks.shop.example'] })
      .process(jobFor(url))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect((error as Error).message).toMatch(/^given up: .*not allowed/);
    expect(received).toHaveLength(0);
  });

  it('fails a job of another name for good', async () => {
    const { port, url } = await start((response) => response.writeHead(200).end());
    await expect(
      processor(port).process(jobFor(url, eventAt(new Date()), 0, 'something-else')),
    ).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('still counts a delivery whose try cannot be recorded (no second delivery)', async () => {
    const { port, url, received } = await start((response) => response.writeHead(200).end());
    const failing = new WebhookProcessor(
      { record: jest.fn(async () => Promise.reject(new Error('Redis is gone'))) },
      { secret, allowedHosts: [`127.0.0.1:${port}`], maxAgeSeconds: 3600 },
    );
    await expect(failing.process(jobFor(url))).resolves.toEqual({ status: 200 });
    expect(received).toHaveLength(1);
  });
});
