/**
 * Redis hash in which workers publish the models they serve: field `default` holds the default
 * model's id, and one field per model id holds its version. The gateway reads it to key reused
 * results by model version without asking a worker.
 */
export const modelRegistryKey = 'moderation:models';

export const defaultModelField = 'default';

/**
 * Redis hash in which workers publish each model's class names (field: model id, value: the
 * labels as a JSON array), so the gateway can check a reported class without asking a worker.
 */
export const modelLabelsKey = 'moderation:model-labels';

/**
 * Redis hash in which workers publish each model's own thresholds (field: model id, value: the
 * manifest's policy as JSON), which the gateway applies unless its policy file names the model.
 */
export const modelPoliciesKey = 'moderation:model-policies';

/**
 * The job id of a prediction: the same bytes for the same model version always map to the same
 * job, so a repeated upload is answered from the finished job and identical uploads in flight
 * share one job. BullMQ job ids may not contain `:`.
 */
export function predictionJobId(sha256: string, modelId: string, version: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${sha256}.${safe(modelId)}.${safe(version)}`;
}
