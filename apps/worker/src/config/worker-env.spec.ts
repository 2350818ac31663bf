import { availableParallelism } from 'node:os';
import { loadConfig } from '@moderation/platform';
import { undocumentedVariables } from '@moderation/testing';
import { WorkerEnv } from './worker-env';

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

  it('shares the cores between the model and decoding by default', () => {
    const env = loadConfig(WorkerEnv, {});
    expect(env.INFERENCE_THREADS * env.INFERENCE_WORKERS + env.DECODE_CONCURRENCY).toBe(
      Math.max(2, availableParallelism()),
    );
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
