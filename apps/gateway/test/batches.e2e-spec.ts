import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { QueueName } from '@moderation/contracts';
import { pngWithText } from '@moderation/image-bytes';
import { redisConnectionOptions } from '@moderation/platform';
import { pollUntil } from '@moderation/processes';
import { readWebhookEvent, type BatchOptions } from '@moderation/api-client';
import { checkWebhookEventAgainstApiDocument } from './support/api-contract';
import { answered } from './support/client';
import { fixture, send } from './support/http';
import { Stack } from './support/stack';

const shopKey = 'batch-e2e-shop-key-0123456789abcdef';
const secret = 'batch-e2e-webhook-secret-0123456789abcdef';
const asShop = { authorization: `Bearer ${shopKey}` };

interface Received {
  id: string;
  type: string;
  data: { moderation: { id: string; state: string; reference: string | null } };
  signature: string;
  body: string;
}

/** A shop's webhook receiver on loopback: keeps every event it is sent, and answers 200. */
async function receiver(): Promise<{ server: Server; port: number; events: Received[] }> {
  const events: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      events.push({
        ...(JSON.parse(body) as Omit<Received, 'signature' | 'body'>),
        signature: String(request.headers['moderation-signature']),
        body,
      });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, events };
}

/** A batch's photos as the client sends them, each with a reference. */
function batchOf(photos: Buffer[]) {
  return photos.map((bytes, i) => ({
    bytes,
    filename: `photo-${i}.png`,
    reference: `review-9/photo-${i}`,
  }));
}

/** A multipart batch built by hand, for what the client would never send. */
function batchForm(photos: Buffer[], fields: Record<string, string> = {}, references = true) {
  const form = new FormData();
  photos.forEach((photo, i) => {
    form.append('files', new Blob([new Uint8Array(photo)]), `photo-${i}.png`);
    if (references) form.append('reference', `review-9/photo-${i}`);
  });
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

describe('batches with signed webhooks (real Redis, worker process and model)', () => {
  let stack: Stack;
  let hooks: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    hooks = await receiver();
    stack = await Stack.start({
      gatewayEnv: {
        API_KEYS: `shop-1:${shopKey}`,
        WEBHOOK_SECRET: secret,
        WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${hooks.port}`,
        MAX_BATCH_FILES: '60',
        REVIEW_SAMPLE_RATE: '0',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    hooks?.server.close();
  });

  const post = (form: FormData, headers: Record<string, string> = asShop) =>
    send(stack.url('/moderations'), { method: 'POST', body: form, headers });
  const submit = (photos: Buffer[], options: BatchOptions = {}, token: string | null = shopKey) =>
    answered(stack.client(token ?? undefined).submitBatch(batchOf(photos), options));

  it('accepts 50 photos at once (202), moderates each once, and tells the callback about each, signed', async () => {
    // Fifty different files of one real photo: a text chunk makes each one's bytes its own.
    const photos = Array.from({ length: 50 }, (_, i) =>
      pngWithText(fixture('chelsea.png'), 'Comment', `batch photo ${i}`),
    );
    const callbackUrl = `http://127.0.0.1:${hooks.port}/hooks`;
    const started = Date.now();
    const accepted = await submit(photos, { callbackUrl });
    expect(accepted.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(5000);
    const { id, items } = accepted.body as {
      id: string;
      items: { moderationId: string; reference: string; status: string }[];
    };
    expect(items).toHaveLength(50);
    expect(items[7]).toEqual({
      moderationId: expect.any(String),
      reference: 'review-9/photo-7',
      status: 'queued',
    });
    expect(new Set(items.map((item) => item.moderationId)).size).toBe(50);

    const done = await pollUntil(
      async () => (await answered(stack.client(shopKey).batch(id))).body,
      (batch) => batch.done === 50,
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(
      (done.items as { status: string; state: string }[]).every(
        (item) => item.status === 'done' && item.state === 'approved',
      ),
    ).toBe(true);

    const completed = await pollUntil(
      async () => hooks.events.filter((event) => event.type === 'moderation.completed'),
      (events) => events.length >= 50,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    // Each photo's moderation was announced once, with the reference and state the shop reads.
    expect(new Set(completed.map((event) => event.data.moderation.id))).toEqual(
      new Set(items.map((item) => item.moderationId)),
    );
    expect(completed).toHaveLength(50);
    const seventh = completed.find((event) => event.data.moderation.id === items[7].moderationId);
    expect(seventh?.data.moderation).toMatchObject({
      reference: 'review-9/photo-7',
      state: 'approved',
    });
    // What a shop's receiver does with the client's helper: the event, only with our secret; and
    // each event is what the API document says webhooks carry.
    for (const event of completed) {
      checkWebhookEventAgainstApiDocument(stack.baseUrl, event.body);
      expect(readWebhookEvent(secret, event.body, event.signature)).toEqual(JSON.parse(event.body));
      expect(
        readWebhookEvent('another-secret-0123456789abcdef', event.body, event.signature),
      ).toBeUndefined();
    }
    const read = await answered(stack.client(shopKey).moderation(items[7].moderationId));
    expect(read.body).toMatchObject({ reference: 'review-9/photo-7', state: 'approved' });
  });

  it('answers a batch sent again with the same Idempotency-Key with the same id, queueing no second job', async () => {
    const batches = new Queue(QueueName.Batch, {
      connection: redisConnectionOptions(stack.redis.url),
    });
    const jobs = async () =>
      Object.values(
        await batches.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed'),
      ).reduce((sum, n) => sum + n, 0);
    try {
      const photos = [fixture('coffee.png'), fixture('rocket.jpg')];
      const key = { idempotencyKey: 'b8c1f0d2-batch-retry' };
      const first = await submit(photos, key);
      expect(first.status).toBe(202);
      const queued = await jobs();
      const again = await submit(photos, key);
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await jobs()).toBe(queued);
      const other = await submit([fixture('coffee.png')], key);
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ error: 'idempotency-key-reused' });
    } finally {
      await batches.close();
    }
  });

  it('refuses a callbackUrl to a host that is not allowed, and a batch a shop did not sign in for', async () => {
    const photo = [fixture('coffee.png')];
    for (const callbackUrl of [
      'http://169.254.169.254/latest/meta-data',
      'http://127.0.0.1:6379/',
      'file:///etc/passwd',
      `http://user:pass@127.0.0.1:${hooks.port}/hooks`,
    ]) {
      const refused = await submit(photo, { callbackUrl });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'callback-url-not-allowed' });
    }
    expect((await submit(photo, {}, null)).status).toBe(401);
  });

  it('refuses a batch with a file that is not an image, naming it, and references that do not match', async () => {
    const form = batchForm([fixture('coffee.png')]);
    form.append('files', new Blob([new TextEncoder().encode('not an image')]), 'notes.txt');
    form.append('reference', 'review-9/notes');
    const refused = await post(form);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: 'files-refused',
      message: expect.stringMatching(/files\[1\] \(notes\.txt\)/),
    });
    const mismatched = batchForm([fixture('coffee.png'), fixture('rocket.jpg')], {}, false);
    mismatched.append('reference', 'only one');
    expect((await post(mismatched)).body).toMatchObject({ error: 'references-mismatch' });
    expect((await post(new FormData())).body).toMatchObject({ error: 'no-files' });
  });
});
