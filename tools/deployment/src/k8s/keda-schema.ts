import Ajv, { type ValidateFunction } from 'ajv';

/**
 * KEDA's ScaledObject and TriggerAuthentication are custom resources: no npm package reachable
 * here ships their CRD schemas with a validator this repository can load, so this is a schema of
 * our own, written from KEDA's v2 CRDs (keda.sh/v1alpha1). It lists the fields KEDA defines for
 * the parts these manifests use and refuses any other, so a misspelt field fails here rather
 * than being pruned by the API server. The HPA behaviour inside `advanced` is checked against
 * the Kubernetes schema (validate-schemas.mjs).
 */
const int = { type: 'integer', minimum: 0 };
const name = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' };

/** The redis list scaler's parameters (KEDA's `redis` trigger). */
const redisListMetadata = {
  type: 'object',
  required: ['listName'],
  additionalProperties: false,
  properties: Object.fromEntries(
    [
      'address',
      'addressFromEnv',
      'host',
      'hostFromEnv',
      'port',
      'portFromEnv',
      'usernameFromEnv',
      'passwordFromEnv',
      'listName',
      'listLength',
      'activationListLength',
      'databaseIndex',
      'enableTLS',
      'unsafeSsl',
    ].map((key) => [key, { type: 'string', minLength: 1 }]),
  ),
};

const objectMeta = {
  type: 'object',
  required: ['name'],
  properties: {
    name,
    namespace: name,
    labels: { type: 'object' },
    annotations: { type: 'object' },
  },
};

const scaledObject = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'keda.sh/v1alpha1' },
    kind: { const: 'ScaledObject' },
    metadata: objectMeta,
    spec: {
      type: 'object',
      required: ['scaleTargetRef', 'triggers'],
      additionalProperties: false,
      properties: {
        scaleTargetRef: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: {
            apiVersion: { type: 'string' },
            kind: { type: 'string' },
            name,
            envSourceContainerName: { type: 'string' },
          },
        },
        pollingInterval: int,
        cooldownPeriod: int,
        initialCooldownPeriod: int,
        idleReplicaCount: int,
        minReplicaCount: int,
        maxReplicaCount: { type: 'integer', minimum: 1 },
        fallback: {
          type: 'object',
          required: ['failureThreshold', 'replicas'],
          additionalProperties: false,
          properties: { failureThreshold: int, replicas: int, behavior: { type: 'string' } },
        },
        advanced: {
          type: 'object',
          additionalProperties: false,
          properties: {
            restoreToOriginalReplicaCount: { type: 'boolean' },
            horizontalPodAutoscalerConfig: {
              type: 'object',
              additionalProperties: false,
              properties: { name: { type: 'string' }, behavior: { type: 'object' } },
            },
            scalingModifiers: { type: 'object' },
          },
        },
        triggers: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['type', 'metadata'],
            additionalProperties: false,
            properties: {
              type: { type: 'string' },
              name: { type: 'string' },
              metricType: { enum: ['AverageValue', 'Value', 'Utilization'] },
              useCachedMetrics: { type: 'boolean' },
              metadata: { type: 'object', additionalProperties: { type: 'string' } },
              authenticationRef: {
                type: 'object',
                required: ['name'],
                additionalProperties: false,
                properties: {
                  name,
                  kind: { enum: ['TriggerAuthentication', 'ClusterTriggerAuthentication'] },
                },
              },
            },
            if: { properties: { type: { const: 'redis' } } },
            then: { properties: { metadata: redisListMetadata } },
          },
        },
      },
    },
  },
};

const triggerAuthentication = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'keda.sh/v1alpha1' },
    kind: { const: 'TriggerAuthentication' },
    metadata: objectMeta,
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: {
        secretTargetRef: {
          type: 'array',
          items: {
            type: 'object',
            required: ['parameter', 'name', 'key'],
            additionalProperties: false,
            properties: { parameter: { type: 'string' }, name, key: { type: 'string' } },
          },
        },
        env: {
          type: 'array',
          items: {
            type: 'object',
            required: ['parameter', 'name'],
            additionalProperties: false,
            properties: {
              parameter: { type: 'string' },
              name: { type: 'string' },
              containerName: { type: 'string' },
            },
          },
        },
        configMapTargetRef: { type: 'array' },
        podIdentity: { type: 'object' },
        hashiCorpVault: { type: 'object' },
        azureKeyVault: { type: 'object' },
        awsSecretManager: { type: 'object' },
        gcpSecretManager: { type: 'object' },
        boundServiceAccountToken: { type: 'array' },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true });
const validators: Record<string, ValidateFunction> = {
  ScaledObject: ajv.compile(scaledObject),
  TriggerAuthentication: ajv.compile(triggerAuthentication),
};

/** The problems found in a KEDA object, or `undefined` when the kind is not KEDA's. */
export function kedaProblems(object: { apiVersion?: string; kind?: string }): string[] | undefined {
  if (object.apiVersion !== 'keda.sh/v1alpha1') return undefined;
  const validate = validators[object.kind ?? ''];
  if (!validate) return [`unknown KEDA kind ${object.kind}`];
  if (validate(object)) return [];
  // An error inside the redis parameters is reported again by the `if` that selected them.
  const messages = (validate.errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map(
      (e) =>
        `${e.instancePath || '/'} ${e.message}${
          e.keyword === 'additionalProperties' ? `: ${e.params.additionalProperty}` : ''
        }`,
    );
  return [...new Set(messages)];
}
