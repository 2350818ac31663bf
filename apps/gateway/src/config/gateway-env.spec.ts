import { loadConfig } from '@moderation/platform';
import { GatewayEnv } from './gateway-env';

describe('GatewayEnv', () => {
  it('runs on documented defaults with an empty environment', () => {
    const env = loadConfig(GatewayEnv, {});
    expect(env).toMatchObject({
      PORT: 3000,
      HOST: '0.0.0.0',
      REDIS_URL: 'redis://127.0.0.1:6379',
      UPLOAD_DIR: 'var/uploads',
      FEEDBACK_DIR: 'var/feedback',
      PREDICTION_TIMEOUT_MS: 10_000,
      LOG_LEVEL: 'info',
    });
  });

  it('refuses a prediction timeout too short to ever succeed', () => {
    expect(() => loadConfig(GatewayEnv, { PREDICTION_TIMEOUT_MS: '50' })).toThrow(
      'PREDICTION_TIMEOUT_MS: must be a whole number from 100 to 300000 (got "50")',
    );
  });
});
