import { Injectable } from '@nestjs/common';
import type { PredictionResult } from '@moderation/contracts';
import { NoModelLoadedError } from './inference-errors';

export interface LoadedModel {
  id: string;
  version: string;
}

export interface InferenceOptions {
  modelDir: string;
}

/**
 * Classifies images with the models found in the model folder.
 *
 * Model loading arrives with the model converter; until then no model is loaded and every
 * classification fails with {@link NoModelLoadedError}, which the worker reports as such.
 */
@Injectable()
export class InferenceService {
  private readonly models: LoadedModel[] = [];

  constructor(private readonly modelDir: string) {}

  loadedModels(): readonly LoadedModel[] {
    return this.models;
  }

  async classify(images: Buffer[], modelId?: string): Promise<PredictionResult[]> {
    void images;
    void modelId;
    throw new NoModelLoadedError(this.modelDir);
  }
}
