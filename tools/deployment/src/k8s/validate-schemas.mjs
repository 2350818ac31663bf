// Validates Kubernetes objects against the API's JSON schemas shipped by `kubernetes-models`.
// A separate Node process because the package is ES modules only, which Jest's CommonJS runtime
// cannot load. Reads a JSON array of objects on stdin; prints, for each, the problems found:
// `null` for a kind the package does not know (a custom resource, checked by the caller).
import { readFileSync } from 'node:fs';

/** `apps/v1` → `kubernetes-models/apps/v1`; the core group `v1` → `kubernetes-models/v1`. */
async function modelOf(apiVersion, kind) {
  try {
    const module = await import(`kubernetes-models/${apiVersion}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

function problems(error) {
  if (!Array.isArray(error?.errors)) return [String(error?.message ?? error)];
  return error.errors.map((e) => `${e.instancePath || '/'} ${e.message}`);
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const object of objects) {
  const Model = await modelOf(String(object.apiVersion), String(object.kind));
  if (typeof Model !== 'function') {
    results.push(null);
    continue;
  }
  try {
    new Model(object).validate();
    results.push([]);
  } catch (error) {
    results.push(problems(error));
  }
}

// KEDA passes this block to the HorizontalPodAutoscaler it creates: check it against that schema.
const { HorizontalPodAutoscalerBehavior } = await import('kubernetes-models/autoscaling/v2');
const behaviors = objects.map((object) => {
  const behavior = object?.spec?.advanced?.horizontalPodAutoscalerConfig?.behavior;
  if (object.kind !== 'ScaledObject' || behavior === undefined) return [];
  try {
    new HorizontalPodAutoscalerBehavior(behavior).validate();
    return [];
  } catch (error) {
    return problems(error);
  }
});

process.stdout.write(JSON.stringify({ results, behaviors }));
