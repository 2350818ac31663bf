import { Injectable } from '@nestjs/common';
import type { ModerationPolicy } from '@moderation/model-manifest';
import { InjectQueue } from '@nestjs/bullmq';
import {
  defaultModelField,
  modelLabelsKey,
  modelPoliciesKey,
  modelRegistryKey,
  QueueName,
  type PredictionQueue,
} from '@moderation/contracts';

/** How long the gateway trusts what it read of the workers' models. */
const cacheMs = 5000;

export interface ModelRef {
  id: string;
  version: string;
}

interface Announced {
  versions: Record<string, string>;
  labels: Record<string, string>;
  policies: Record<string, string>;
}

/** The models the workers announce in Redis: which is the default, each one's version and labels. */
@Injectable()
export class ModelVersions {
  private cached?: { announced: Announced; until: number };

  constructor(@InjectQueue(QueueName.Prediction) private readonly predictions: PredictionQueue) {}

  /** The model a request gets (its own choice or the default), or undefined when no worker announced it. */
  async resolve(requested: string | undefined): Promise<ModelRef | undefined> {
    const { versions } = await this.announced();
    const id = requested ?? versions[defaultModelField];
    const version = id === undefined || id === defaultModelField ? undefined : versions[id];
    return id !== undefined && version !== undefined ? { id, version } : undefined;
  }

  /**
   * The class names of a model (the default one when none is named), or undefined when no worker
   * has announced that model's labels.
   */
  async labels(requested: string | undefined): Promise<string[] | undefined> {
    const { versions, labels } = await this.announced();
    const id = requested ?? versions[defaultModelField];
    const raw = id === undefined || id === defaultModelField ? undefined : labels[id];
    if (raw === undefined) return undefined;
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.map(String) : undefined;
  }

  /** A model's own thresholds, as its manifest has them; undefined when no worker announced them. */
  async manifestPolicy(id: string): Promise<ModerationPolicy | undefined> {
    const raw = (await this.announced()).policies[id];
    return raw === undefined ? undefined : (JSON.parse(raw) as ModerationPolicy);
  }

  private async announced(): Promise<Announced> {
    if (this.cached && Date.now() < this.cached.until) return this.cached.announced;
    const client = await this.predictions.getBackend().client;
    const [versions, labels, policies] = await Promise.all([
      client.hgetall(modelRegistryKey),
      client.hgetall(modelLabelsKey),
      client.hgetall(modelPoliciesKey),
    ]);
    const announced = { versions, labels, policies };
    this.cached = { announced, until: Date.now() + cacheMs };
    return announced;
  }
}
