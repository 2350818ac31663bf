import { getQueueToken } from '@nestjs/bullmq';
import type { Provider } from '@nestjs/common';
import {
  defaultModelField,
  modelLabelsKey,
  modelRegistryKey,
  QueueName,
} from '@moderation/contracts';

export const nsfwLabels = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];

/** A queue that records what is added to it, as BullMQ would answer, without Redis. */
export function recordingQueue() {
  const added: { name: string; data: unknown; options?: { jobId?: string } }[] = [];
  return {
    added,
    add: jest.fn(async (name: string, data: unknown, options?: { jobId?: string }) => {
      added.push({ name, data, options });
      return { id: options?.jobId ?? String(added.length), name, data };
    }),
  };
}

/**
 * The prediction queue as the model registry is read through it: the workers have announced
 * `mobilenet_v2` (the default) with the nsfwjs classes.
 */
export function announcedModelsQueue() {
  const hashes: Record<string, Record<string, string>> = {
    [modelRegistryKey]: { [defaultModelField]: 'mobilenet_v2', mobilenet_v2: '4.4.0-c1' },
    [modelLabelsKey]: { mobilenet_v2: JSON.stringify(nsfwLabels) },
  };
  const client = { hgetall: async (key: string) => hashes[key] ?? {} };
  return { getBackend: () => ({ client: Promise.resolve(client) }) };
}

export function queueProvider(name: QueueName, queue: unknown): Provider {
  return { provide: getQueueToken(name), useValue: queue };
}
