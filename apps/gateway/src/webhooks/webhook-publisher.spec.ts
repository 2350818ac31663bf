import { JobName, type Moderation, type WebhookJobData } from '@moderation/contracts';
import { ModerationDto } from '../moderation/dto/moderation.dto';
import { moderationOf } from '../testing/fake-moderation';
import { prediction } from '../testing/fake-prediction';
import { recordingQueue } from '../testing/fake-queues';
import type { WebhookQueue } from '@moderation/contracts';
import { WebhookPublisher } from './webhook-publisher';

const callbackUrl = 'https://hooks.shop.example/moderation';
const withCallback: Moderation = {
  ...moderationOf(prediction(), 'review-1/photo-1'),
  callbackUrl,
  batchId: '9d5b8a52-7d4e-4b1a-9c55-2f0b8e3d9c41',
};

describe('WebhookPublisher', () => {
  let queue: ReturnType<typeof recordingQueue>;
  let publisher: WebhookPublisher;

  beforeEach(() => {
    queue = recordingQueue();
    publisher = new WebhookPublisher(queue as unknown as WebhookQueue);
  });

  it('queues one delivery job per event, its id the event id', async () => {
    const before = Date.now();
    const event = await publisher.publish(withCallback, 'moderation.completed');
    expect(event).toBeDefined();
    expect(queue.added).toHaveLength(1);
    const [job] = queue.added;
    expect(job.name).toBe(JobName.DeliverWebhook);
    expect(job.options).toEqual({ jobId: event?.id });
    const data = job.data as WebhookJobData;
    expect(data).toEqual({ event, callbackUrl, moderationId: withCallback.id });
    expect(data.event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(data.event.createdAt)).toBeGreaterThanOrEqual(before - 1);
    expect(data.event.createdAt).toMatch(/Z$/);
  });

  it('carries the moderation as GET /moderations/{id} shows it, without delivery tries', async () => {
    const event = await publisher.publish(withCallback, 'moderation.decided');
    const { webhooks, ...shown } = ModerationDto.from(withCallback);
    expect(webhooks).toEqual([]);
    expect(event).toMatchObject({ type: 'moderation.decided', data: { moderation: shown } });
    expect(event?.data.moderation).not.toHaveProperty('webhooks');
    // What is queued is plain JSON: it survives the round trip through Redis unchanged.
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });

  it('gives every event its own id', async () => {
    const first = await publisher.publish(withCallback, 'moderation.completed');
    const second = await publisher.publish(withCallback, 'moderation.completed');
    expect(first?.id).not.toBe(second?.id);
    expect(queue.added.map((job) => job.options?.jobId)).toEqual([first?.id, second?.id]);
  });

  it('queues nothing for a moderation without a callbackUrl', async () => {
    expect(await publisher.publish(moderationOf(prediction()), 'moderation.completed')).toBe(
      undefined,
    );
    expect(queue.added).toEqual([]);
  });

  it('lets a Redis failure reach the caller', async () => {
    queue.add.mockRejectedValueOnce(new Error('Connection is closed.'));
    await expect(publisher.publish(withCallback, 'moderation.completed')).rejects.toThrow(
      'Connection is closed.',
    );
  });
});
