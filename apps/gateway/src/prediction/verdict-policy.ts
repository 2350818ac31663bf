import { Injectable } from '@nestjs/common';
import type { PredictionResult } from '@moderation/contracts';
import { decide, policyFor } from '@moderation/model-manifest';
import { PolicySource } from '../policy/policy-source';
import { ModelVersions } from './model-versions';

/**
 * Gives a prediction the verdict of the policy in force: fresh or reused, a result is judged by
 * today's thresholds from its stored probabilities, without running the model again.
 */
@Injectable()
export class VerdictPolicy {
  constructor(
    private readonly source: PolicySource,
    private readonly versions: ModelVersions,
  ) {}

  async apply(result: PredictionResult): Promise<PredictionResult & { policyVersion: string }> {
    const { file } = this.source;
    const own = await this.versions.manifestPolicy(result.model.id);
    if (!own && !file?.models[result.model.id]) {
      // No thresholds known here (a worker older than this gateway): the worker's verdict stands.
      return { ...result, policyVersion: `manifest:${result.model.id}@${result.model.version}` };
    }
    const policy = policyFor(result.model, own ?? { reject: {}, review: {} }, file);
    // Exact probabilities when the worker kept them, so rounding never moves a threshold.
    const { verdict, reason } = decide(result.probabilities ?? result.scores, policy.thresholds);
    return { ...result, verdict, reason, policyVersion: policy.version };
  }
}
