import { QueueName } from '@moderation/contracts';
import {
  bullQueueSources,
  envVariables,
  gatewayGetPaths,
  gatewayStaticPaths,
  predictionProducerSources,
  shutdownLimitSeconds,
  workerHttpPaths,
} from './app-facts';
import { build, find, podOf, type Container, type HttpProbe, type K8sObject } from './manifests';

/**
 * What the manifests say about the apps must be true of the apps: each variable set is one the
 * app reads, each port is the one it listens on, each probe asks a path it answers, and the
 * kubelet waits at least as long as the app's own shutdown.
 */
const apps = ['gateway', 'worker'] as const;
type App = (typeof apps)[number];

/** Variables kept in the Secret: never a literal in a manifest. */
const secretVariables = [
  'REDIS_PASSWORD',
  'DATA_TEAM_TOKEN',
  'MODERATOR_TOKENS',
  'API_KEYS',
  'WEBHOOK_SECRET',
];

const example = build('overlays/example');
const managed = build('overlays/managed-redis');

function app(objects: K8sObject[], name: App) {
  const deployment = find(objects, 'Deployment', `moderation-${name}`);
  return { deployment, ...podOf(deployment) };
}

/** The value a container gives a variable, or the app's default when it sets none. */
function setting(container: Container, name: App, variable: string): string | undefined {
  return container.env?.find((e) => e.name === variable)?.value ?? envVariables(name).get(variable);
}

function probes(container: Container): [string, HttpProbe][] {
  return (['startupProbe', 'readinessProbe', 'livenessProbe'] as const)
    .filter((kind) => container[kind])
    .map((kind) => [kind, container[kind] as HttpProbe]);
}

describe.each([
  ['overlays/example', example],
  ['overlays/managed-redis', managed],
])('%s', (_name, objects) => {
  describe.each(apps)('the %s', (name) => {
    const { container, pod } = app(objects, name);
    const declared = envVariables(name);

    it('sets only variables the app reads (or that another of its values interpolates)', () => {
      const env = container.env ?? [];
      const interpolated = new Set(
        env.flatMap((e) => [...(e.value ?? '').matchAll(/\$\(([A-Z0-9_]+)\)/g)].map((m) => m[1])),
      );
      const unknown = env
        .map((e) => e.name)
        .filter((variable) => !declared.has(variable) && !interpolated.has(variable));
      expect(unknown).toEqual([]);
      expect(container.envFrom).toBeUndefined();
    });

    it('interpolates only variables defined before, as Kubernetes requires', () => {
      const env = container.env ?? [];
      env.forEach((e, i) => {
        for (const [, ref] of (e.value ?? '').matchAll(/\$\(([A-Z0-9_]+)\)/g)) {
          expect({ [e.name]: env.slice(0, i).some((earlier) => earlier.name === ref) }).toEqual({
            [e.name]: true,
          });
        }
      });
    });

    it('takes every secret from the Secret, and gives no variable both a value and a source', () => {
      for (const e of container.env ?? []) {
        if (secretVariables.includes(e.name) || e.name === 'REDIS_URL') {
          const literalPassword = /^rediss?:\/\/[^@/]*:(?!\$\()[^@]+@/.test(e.value ?? '');
          expect({ [e.name]: literalPassword }).toEqual({ [e.name]: false });
        }
        if (secretVariables.includes(e.name)) {
          expect({ [e.name]: e.valueFrom?.secretKeyRef?.name }).toEqual({
            [e.name]: 'moderation-secrets',
          });
        }
        expect({ [e.name]: e.value !== undefined && e.valueFrom !== undefined }).toEqual({
          [e.name]: false,
        });
      }
    });

    it('exposes the port the app listens on', () => {
      const variable = name === 'gateway' ? 'PORT' : 'WORKER_HEALTH_PORT';
      const port = Number(setting(container, name, variable));
      expect(port).toBeGreaterThan(0);
      expect(container.ports?.map((p) => p.containerPort)).toEqual([port]);
      const annotations = pod.metadata?.annotations ?? {};
      expect(annotations['prometheus.io/port']).toBe(String(port));
    });

    it('probes paths the app answers, on its port, without depending on Redis for liveness', () => {
      const paths =
        name === 'gateway'
          ? new Set([...gatewayGetPaths(), ...gatewayStaticPaths()])
          : workerHttpPaths();
      const portNames = new Set(container.ports?.map((p) => p.name));
      const found = probes(container);
      expect(found.map(([kind]) => kind)).toEqual(
        expect.arrayContaining(['readinessProbe', 'livenessProbe']),
      );
      for (const [kind, probe] of found) {
        expect({
          kind,
          path: probe.httpGet?.path,
          known: paths.has(probe.httpGet?.path ?? ''),
        }).toEqual({
          kind,
          path: probe.httpGet?.path,
          known: true,
        });
        expect(portNames.has(String(probe.httpGet?.port))).toBe(true);
      }
      // /health reports Redis and the workers: failing liveness on it would restart every pod
      // during a Redis outage, which the apps ride out by reconnecting.
      expect(container.readinessProbe?.httpGet?.path).toBe('/health');
      expect(container.livenessProbe?.httpGet?.path).not.toBe('/health');
      const scraped = pod.metadata?.annotations?.['prometheus.io/path'];
      expect(paths.has(scraped ?? '')).toBe(true);
    });

    it('gives the app longer to stop than its own shutdown limit, after any preStop pause', () => {
      const preStop = container.lifecycle?.preStop?.exec?.command ?? [];
      const pause = preStop[0] === 'sleep' ? Number(preStop[1]) : 0;
      expect(Number.isFinite(pause)).toBe(true);
      expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThan(
        pause + shutdownLimitSeconds(),
      );
    });

    it('requests CPU and memory, and limits memory above the request', () => {
      const { requests, limits } = container.resources ?? {};
      expect(requests?.cpu).toBeDefined();
      expect(requests?.memory).toMatch(/^\d+Mi$/);
      expect(limits?.memory).toMatch(/^\d+(Mi|Gi)$/);
      const mebibytes = (q: string) => parseInt(q, 10) * (q.endsWith('Gi') ? 1024 : 1);
      expect(mebibytes(limits?.memory ?? '0')).toBeGreaterThan(mebibytes(requests?.memory ?? '0'));
    });

    it('mounts the shared uploads and feedback volumes where UPLOAD_DIR and FEEDBACK_DIR point', () => {
      const claims = new Map(
        (pod.spec.volumes ?? []).map((v) => [v.name, v.persistentVolumeClaim?.claimName]),
      );
      const writes = name === 'gateway' ? 'UPLOAD_DIR' : 'FEEDBACK_DIR';
      for (const [variable, claim] of [
        ['UPLOAD_DIR', 'moderation-uploads'],
        ['FEEDBACK_DIR', 'moderation-feedback'],
      ]) {
        const mount = container.volumeMounts?.find(
          (m) => m.mountPath === setting(container, name, variable),
        );
        expect({ variable, claim: mount && claims.get(mount.name) }).toEqual({ variable, claim });
        expect({ variable, readOnly: mount?.readOnly ?? false }).toEqual({
          variable,
          readOnly: variable !== writes,
        });
        const pvc = find(objects, 'PersistentVolumeClaim', claim);
        expect(pvc.spec.accessModes).toEqual(['ReadWriteMany']);
      }
    });
  });

  it("routes the gateway's Service to the gateway's port", () => {
    const service = find(objects, 'Service', 'moderation-gateway');
    const { deployment, container } = app(objects, 'gateway');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    const names = container.ports?.map((p) => p.name);
    for (const port of service.spec.ports) expect(names).toContain(port.targetPort);
  });

  it('scales the gateway on CPU and the workers with KEDA, neither with a fixed replica count', () => {
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'moderation-gateway');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'moderation-gateway',
    });
    expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
    const scaled = find(objects, 'ScaledObject', 'moderation-worker');
    expect(scaled.spec.scaleTargetRef.name).toBe('moderation-worker');
    // With no worker the gateways are unready and nothing could ever fill the queue.
    expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    expect(scaled.spec.maxReplicaCount).toBeGreaterThan(scaled.spec.minReplicaCount);
    expect(
      scaled.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown
        .stabilizationWindowSeconds,
    ).toBeGreaterThan(0);
    for (const name of apps) {
      expect(find(objects, 'Deployment', `moderation-${name}`).spec.replicas).toBeUndefined();
    }
  });

  it("scales the workers on the prediction queue's wait list, in the namespace's Redis", () => {
    const [trigger] = find(objects, 'ScaledObject', 'moderation-worker').spec.triggers;
    expect(trigger.type).toBe('redis');
    expect(trigger.metadata.listName).toBe(`bull:${QueueName.Prediction}:wait`);
    expect(Number(trigger.metadata.listLength)).toBeGreaterThan(0);
    const auth = find(objects, 'TriggerAuthentication', trigger.authenticationRef.name);
    const parameters = auth.spec.secretTargetRef.map((ref: { parameter: string }) => ref.parameter);
    expect(parameters).toContain('password');
    // The scaler needs an address: in its metadata, or from the Secret for a managed Redis.
    expect(Boolean(trigger.metadata.address) !== parameters.includes('address')).toBe(true);
  });
});

describe('the Redis the example runs', () => {
  const redis = find(example, 'StatefulSet', 'moderation-redis');
  const { container } = podOf(redis);

  it('keeps an append-only file on a persistent volume, behind a password', () => {
    expect(container.args).toEqual(
      expect.arrayContaining(['--appendonly', 'yes', '--requirepass', '$(REDIS_PASSWORD)']),
    );
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(redis.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(
      container.env?.find((e) => e.name === 'REDIS_PASSWORD')?.valueFrom?.secretKeyRef,
    ).toEqual({
      name: 'moderation-secrets',
      key: 'REDIS_PASSWORD',
    });
  });

  it('is the host the apps and KEDA connect to', () => {
    const service = find(example, 'Service', 'moderation-redis');
    const host = `${service.metadata.name}:${service.spec.ports[0].port}`;
    for (const name of apps) {
      const url = app(example, name).container.env?.find((e) => e.name === 'REDIS_URL')?.value;
      expect(url).toMatch(new RegExp(`@${host}$`));
    }
    expect(
      find(example, 'ScaledObject', 'moderation-worker').spec.triggers[0].metadata.address,
    ).toBe(host);
  });
});

describe('the managed Redis switch', () => {
  it('drops the in-cluster Redis and reads REDIS_URL from the Secret', () => {
    expect(
      managed.filter(
        (o) => o.metadata.name === 'moderation-redis' && o.kind !== 'TriggerAuthentication',
      ),
    ).toEqual([]);
    for (const name of apps) {
      const env = app(managed, name).container.env ?? [];
      expect(env.find((e) => e.name === 'REDIS_URL')).toEqual({
        name: 'REDIS_URL',
        valueFrom: { secretKeyRef: { name: 'moderation-secrets', key: 'REDIS_URL' } },
      });
      expect(env.some((e) => (e.value ?? '').includes('moderation-redis'))).toBe(false);
    }
  });
});

describe('the facts the worker autoscaling relies on', () => {
  it('BullMQ keeps the default key prefix `bull` (the wait list is `bull:prediction:wait`)', () => {
    for (const { path, text } of bullQueueSources) {
      expect({ path, setsPrefix: /\bprefix\b/.test(text) }).toEqual({ path, setsPrefix: false });
    }
  });

  it('prediction jobs carry no priority (they would wait in a sorted set, not the wait list)', () => {
    for (const { path, text } of predictionProducerSources) {
      expect({ path, priority: /\bpriority\b/.test(text) }).toEqual({ path, priority: false });
    }
  });
});
