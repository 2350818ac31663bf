import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { QueueName } from '@moderation/contracts';
import { pngWithText } from '@moderation/image-bytes';
import { redisConnectionOptions } from '@moderation/platform';
import { pollUntil } from '@moderation/processes';
import { verifyWebhook } from '@moderation/webhook-signature';
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

/** A multipart batch: the photos as `files` parts, a `reference` each, and the other fields. */
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

  it('accepts 50 photos at once (202), moderates each once, and tells the callback about each, signed', async () => {
    // Fifty different files of one real photo: a text chunk makes each one's bytes its own.
    const photos = Array.from({ length: 50 }, (_, i) =>
      pngWithText(fixture('chelsea.png'), 'Comment', `batch photo ${i}`),
    );
    const callbackUrl = `http://127.0.0.1:${hooks.port}/hooks`;
    const started = Date.now();
    const accepted = await post(batchForm(photos, { callbackUrl }));
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
      async () => (await send(stack.url(`/batches/${id}`), { headers: asShop })).body,
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
    for (const event of completed) {
      expect(verifyWebhook(secret, event.body, event.signature)).toBe(true);
      expect(verifyWebhook('another-secret-0123456789abcdef', event.body, event.signature)).toBe(
        false,
      );
    }
    const read = await send(stack.url(`/moderations/${items[7].moderationId}`), {
      headers: asShop,
    });
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
      const key = { ...asShop, 'idempotency-key': 'b8c1f0d2-batch-retry' };
      const first = await post(batchForm(photos), key);
      expect(first.status).toBe(202);
      const queued = await jobs();
      const again = await post(batchForm(photos), key);
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await jobs()).toBe(queued);
      const other = await post(batchForm([fixture('coffee.png')]), key);
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
      const refused = await post(batchForm(photo, { callbackUrl }));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'callback-url-not-allowed' });
    }
    expect((await post(batchForm(photo), {})).status).toBe(401);
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
