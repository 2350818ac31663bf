import { resolve } from 'node:path';
import { InferenceService } from '@moderation/inference';
import { workspaceRoot } from '@moderation/testing';

/** The inference library on the models the workers serve: what the service's answers must equal. */
export function loadReferenceInference(): Promise<InferenceService> {
  return InferenceService.load({
    modelDir: resolve(workspaceRoot, 'var/models'),
    defaultModel: 'mobilenet_v2',
    intraOpThreads: 1,
    maxImagePixels: 50_000_000,
  });
}
