import { loadConfig } from '@moderation/platform';
import { WorkerEnv } from './worker-env';

describe('WorkerEnv', () => {
  it('runs on documented defaults with an empty environment', () => {
    expect(loadConfig(WorkerEnv, {})).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      UPLOAD_DIR: 'var/uploads',
      MODEL_DIR: 'var/models',
      WORKER_CONCURRENCY: 2,
      WORKER_HEALTH_PORT: 3001,
    });
  });

  it('refuses a concurrency of zero', () => {
    expect(() => loadConfig(WorkerEnv, { WORKER_CONCURRENCY: '0' })).toThrow(
      'WORKER_CONCURRENCY: must be a whole number from 1 to 256 (got "0")',
    );
  });
});
