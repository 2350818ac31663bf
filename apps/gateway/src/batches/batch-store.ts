import { Injectable } from '@nestjs/common';
import { GatewayEnv } from '../config/gateway-env';
import { ModerationRedis } from '../moderation/moderation-redis';

/** A batch as accepted: its photos' moderation ids and references, in order. */
export interface BatchRecord {
  id: string;
  createdAt: string;
  /** Who sent it: an API key's or a moderator's name. */
  owner: string;
  items: { moderationId: string; reference?: string }[];
}

const batchKey = (id: string) => `moderation:batch:${id}`;

/** Batches as JSON in Redis, kept as long as their moderations. */
@Injectable()
export class BatchStore {
  private readonly ttlSeconds: number;

  constructor(
    private readonly redis: ModerationRedis,
    env: GatewayEnv,
  ) {
    this.ttlSeconds = env.retentionSeconds;
  }

  async save(batch: BatchRecord): Promise<void> {
    await this.redis.client.set(batchKey(batch.id), JSON.stringify(batch), 'EX', this.ttlSeconds);
  }

  async find(id: string): Promise<BatchRecord | undefined> {
    const raw = await this.redis.client.get(batchKey(id));
    return raw === null ? undefined : (JSON.parse(raw) as BatchRecord);
  }
}
