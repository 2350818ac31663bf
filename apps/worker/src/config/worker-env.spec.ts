import { availableParallelism } from 'node:os';
import { loadConfig } from '@moderation/platform';
import { undocumentedVariables } from '@moderation/testing';
import { defaultDecodeConcurrency, WorkerEnv } from './worker-env';

describe('WorkerEnv', () => {
  it('runs on documented defaults with an empty environment', () => {
    expect(loadConfig(WorkerEnv, {})).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      UPLOAD_DIR: 'var/uploads',
      MODEL_DIR: 'var/models',
      WORKER_CONCURRENCY: 16,
      INFERENCE_WORKERS: 1,
      MAX_BATCH: 8,
      MAX_BATCH_DELAY_MS: 5,
      WORKER_HEALTH_PORT: 3001,
      MAX_FRAMES: 16,
    });
  });

  it('classifies between 1 and 256 frames of an animation', () => {
    expect(loadConfig(WorkerEnv, { MAX_FRAMES: '1' }).MAX_FRAMES).toBe(1);
    expect(loadConfig(WorkerEnv, { MAX_FRAMES: '256' }).MAX_FRAMES).toBe(256);
    expect(() => loadConfig(WorkerEnv, { MAX_FRAMES: '0' })).toThrow(
      'MAX_FRAMES: must be a whole number from 1 to 256 (got "0")',
    );
    expect(() => loadConfig(WorkerEnv, { MAX_FRAMES: '257' })).toThrow('MAX_FRAMES');
  });

  it('decodes one image per core by default, with one inference thread', () => {
    const env = loadConfig(WorkerEnv, {});
    expect(env.INFERENCE_THREADS).toBe(1);
    expect(env.DECODE_CONCURRENCY).toBeUndefined();
    expect(env.decodeConcurrency).toBe(defaultDecodeConcurrency(50_000_000));
    expect(env.decodeConcurrency).toBeLessThanOrEqual(availableParallelism());
    expect(defaultDecodeConcurrency(50_000_000, { cores: 8, memoryBytes: 64 * 2 ** 30 })).toBe(8);
  });

  it('caps the default decode budget so decodes in flight fill at most half the memory', () => {
    const gib = 2 ** 30;
    // 375 MB per decode at 50 MP (3 bytes a pixel, 2.5 times over): half of 1 GiB holds one
    // decode, half of 4 GiB five.
    expect(defaultDecodeConcurrency(50_000_000, { cores: 16, memoryBytes: gib })).toBe(1);
    expect(defaultDecodeConcurrency(50_000_000, { cores: 16, memoryBytes: 4 * gib })).toBe(5);
    expect(defaultDecodeConcurrency(12_000_000, { cores: 16, memoryBytes: 4 * gib })).toBe(16);
    expect(defaultDecodeConcurrency(50_000_000, { cores: 4, memoryBytes: 0 })).toBe(1);
  });

  it('follows MAX_IMAGE_PIXELS as set, and DECODE_CONCURRENCY over any default', () => {
    const small = loadConfig(WorkerEnv, { MAX_IMAGE_PIXELS: '1000000' });
    expect(small.decodeConcurrency).toBe(defaultDecodeConcurrency(1_000_000));
    expect(loadConfig(WorkerEnv, { DECODE_CONCURRENCY: '3' }).decodeConcurrency).toBe(3);
    expect(() => loadConfig(WorkerEnv, { DECODE_CONCURRENCY: '0' })).toThrow('DECODE_CONCURRENCY');
  });

  it('leaves the decode mode to each model unless told exact or fast', () => {
    expect(loadConfig(WorkerEnv, {}).PREPROCESS_DECODE).toBeUndefined();
    expect(loadConfig(WorkerEnv, { PREPROCESS_DECODE: 'fast' }).PREPROCESS_DECODE).toBe('fast');
    expect(() => loadConfig(WorkerEnv, { PREPROCESS_DECODE: 'quick' })).toThrow(
      'PREPROCESS_DECODE: must be exact or fast (got "quick")',
    );
  });

  it('refuses a concurrency of zero', () => {
    expect(() => loadConfig(WorkerEnv, { WORKER_CONCURRENCY: '0' })).toThrow(
      'WORKER_CONCURRENCY: must be a whole number from 1 to 1024 (got "0")',
    );
  });

  it('documents every variable it reads in docs/configuration.md', () => {
    expect(undocumentedVariables(WorkerEnv)).toEqual([]);
  });
});
