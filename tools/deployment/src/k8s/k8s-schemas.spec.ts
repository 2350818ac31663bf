import { parseAllDocuments } from 'yaml';
import { kedaProblems } from './keda-schema';
import {
  build,
  kubernetesSchemaProblems,
  kustomizations,
  readYaml,
  yamlFiles,
  type K8sObject,
} from './manifests';

/**
 * deploy/k8s against the Kubernetes API's schemas, offline: each kustomization is built with
 * kustomize (`kustomize build`), and every object it yields is validated, Kubernetes' own kinds with the
 * schemas `kubernetes-models` ships and KEDA's with keda-schema.ts.
 */
describe('deploy/k8s manifests', () => {
  const builds = new Map(kustomizations.map((k) => [k, build(k)]));

  it.each(kustomizations)('%s builds and validates against the schemas', (kustomization) => {
    const objects = builds.get(kustomization) ?? [];
    expect(objects.length).toBeGreaterThan(0);
    const { results, behaviors } = kubernetesSchemaProblems(objects);
    const problems = objects.flatMap((object, i) => {
      const found = results[i] ?? kedaProblems(object) ?? ['no schema for this kind'];
      return [...found, ...behaviors[i]].map(
        (problem) => `${object.kind} ${object.metadata.name}: ${problem}`,
      );
    });
    expect(problems).toEqual([]);
  });

  it('puts every manifest file into a build that is checked', () => {
    const built = new Set([...builds.values()].flat().map((o) => `${o.kind}/${o.metadata.name}`));
    const inFiles = yamlFiles()
      .filter((file) => !/(^|\/)kustomization\.ya?ml$/.test(file))
      .flatMap((file) =>
        (readYaml(file) as K8sObject[]).map((o) => ({ file, id: `${o.kind}/${o.metadata.name}` })),
      );
    expect(inFiles.filter(({ id }) => !built.has(id))).toEqual([]);
  });

  it('places the example in one namespace, its images from a registry', () => {
    for (const object of builds.get('overlays/example') ?? []) {
      if (object.kind !== 'Namespace') expect(object.metadata.namespace).toBe('moderation');
    }
    const images = (builds.get('overlays/example') ?? [])
      .filter((o) => o.kind === 'Deployment')
      .map((o) => o.spec.template.spec.containers[0].image as string);
    expect(images).toEqual([
      'registry.example.com/moderation-gateway:1.0.0',
      'registry.example.com/moderation-worker:1.0.0',
    ]);
  });

  describe('the validators themselves', () => {
    const broken = (yaml: string) => parseAllDocuments(yaml).map((doc) => doc.toJS() as K8sObject);

    it('reject a Deployment whose port is not a number and a Service without ports typed', () => {
      const objects = broken(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: x}
spec:
  selector: {matchLabels: {a: b}}
  template:
    spec:
      containers: [{name: c, ports: [{containerPort: http}]}]
---
apiVersion: v1
kind: Service
metadata: {name: x}
spec: {ports: [{port: '80'}]}
`);
      const { results } = kubernetesSchemaProblems(objects);
      expect(results[0]).toEqual([
        '/spec/template/spec/containers/0/ports/0/containerPort must be integer',
      ]);
      expect(results[1]).toEqual(['/spec/ports/0/port must be integer']);
    });

    it('reject a misspelt ScaledObject field, a non-string trigger parameter and a bad behaviour', () => {
      const [scaledObject] = broken(`
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: x}
spec:
  scaleTargetRef: {name: x}
  maxReplicas: 3
  advanced:
    horizontalPodAutoscalerConfig:
      behavior: {scaleDown: {stabilizationWindowSeconds: soon}}
  triggers:
    - type: redis
      metadata: {listName: bull:prediction:wait, listLength: 16}
`);
      expect(kedaProblems(scaledObject)).toEqual([
        '/spec must NOT have additional properties: maxReplicas',
        '/spec/triggers/0/metadata/listLength must be string',
      ]);
      expect(kubernetesSchemaProblems([scaledObject]).behaviors[0]).toEqual([
        '/scaleDown/stabilizationWindowSeconds must be integer',
      ]);
    });
  });
});
