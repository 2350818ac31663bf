import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { workspaceRoot } from '@moderation/testing';

interface Service {
  build?: { context: string; dockerfile: string; target: string };
  image?: string;
  container_name?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  networks?: string[];
  volumes?: string[];
  read_only?: boolean;
  healthcheck?: object;
}

interface Compose {
  services: Record<string, Service>;
  networks: Record<string, { internal?: boolean } | null>;
  volumes: Record<string, unknown>;
}

/**
 * docker-compose.yml is the production path, and no Docker engine runs here: these checks stand
 * in for `docker compose config` on what matters to operators.
 */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(resolve(workspaceRoot, 'docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as Compose;
  const { redis, gateway, worker } = compose.services;

  it('runs redis, the gateway and the worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['gateway', 'redis', 'worker']);
    expect(gateway.build).toMatchObject({ dockerfile: 'docker/Dockerfile', target: 'gateway' });
    expect(worker.build).toMatchObject({ dockerfile: 'docker/Dockerfile', target: 'worker' });
  });

  it('lets the worker scale out (`--scale worker=5` needs it to have no container name or port)', () => {
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
  });

  it('gives each worker one inference thread, so capacity grows with the number of workers', () => {
    expect(worker.environment).toMatchObject({ INFERENCE_THREADS: '1', DECODE_CONCURRENCY: '1' });
  });

  it('keeps Redis append-only, password-protected and on the internal network only', () => {
    expect(redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--requirepass']));
    expect(redis.ports).toBeUndefined();
    expect(redis.networks).toEqual(['backend']);
    expect(compose.networks.backend).toEqual({ internal: true });
    expect(redis.healthcheck).toBeDefined();
  });

  it('publishes only the gateway', () => {
    expect(gateway.ports).toHaveLength(1);
    expect(gateway.networks).toEqual(expect.arrayContaining(['public', 'backend']));
  });

  it('shares the upload and feedback volumes between gateway and workers', () => {
    for (const volume of ['uploads', 'feedback']) expect(compose.volumes).toHaveProperty(volume);
    expect(gateway.volumes).toEqual(
      expect.arrayContaining(['uploads:/data/uploads', 'feedback:/data/feedback:ro']),
    );
    expect(worker.volumes).toEqual(
      expect.arrayContaining(['uploads:/data/uploads:ro', 'feedback:/data/feedback']),
    );
    for (const app of [gateway, worker]) {
      expect(app.environment).toMatchObject({
        UPLOAD_DIR: '/data/uploads',
        FEEDBACK_DIR: '/data/feedback',
      });
      expect(app.environment?.REDIS_URL).toMatch(/^redis:\/\/:\$\{REDIS_PASSWORD.*\}@redis:6379$/);
    }
  });

  it('runs the apps on read-only root filesystems', () => {
    expect(gateway.read_only).toBe(true);
    expect(worker.read_only).toBe(true);
  });
});
