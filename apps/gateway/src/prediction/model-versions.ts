import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { defaultModelField, modelRegistryKey, QueueName } from '@moderation/contracts';

/** How long the gateway trusts what it read of the workers' models. */
const cacheMs = 5000;

export interface ModelRef {
  id: string;
  version: string;
}

/** The models the workers announce in Redis: which is the default, and each one's version. */
@Injectable()
export class ModelVersions {
  private cached?: { models: Record<string, string>; until: number };

  constructor(@InjectQueue(QueueName.Prediction) private readonly predictions: Queue) {}

  /** The model a request gets (its own choice or the default), or undefined when no worker announced it. */
  async resolve(requested: string | undefined): Promise<ModelRef | undefined> {
    const models = await this.models();
    const id = requested ?? models[defaultModelField];
    const version = id === undefined || id === defaultModelField ? undefined : models[id];
    return id !== undefined && version !== undefined ? { id, version } : undefined;
  }

  private async models(): Promise<Record<string, string>> {
    if (this.cached && Date.now() < this.cached.until) return this.cached.models;
    const client = await this.predictions.getBackend().client;
    const models = await client.hgetall(modelRegistryKey);
    this.cached = { models, until: Date.now() + cacheMs };
    return models;
  }
}
