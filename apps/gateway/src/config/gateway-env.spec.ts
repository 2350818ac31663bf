import { loadConfig } from '@moderation/platform';
import { undocumentedVariables } from '@moderation/testing';
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
      RATE_LIMIT_PREDICT: 120,
      RATE_LIMIT_FEEDBACK: 30,
      TRUST_PROXY: 0,
    });
    expect(env.corsOrigins).toEqual([]);
  });

  it('reads allowed web origins as a list, and refuses anything but origins', () => {
    const env = loadConfig(GatewayEnv, {
      CORS_ORIGINS: 'https://shop.example,http://localhost:8080',
    });
    expect(env.corsOrigins).toEqual(['https://shop.example', 'http://localhost:8080']);
    for (const bad of [
      '*',
      'shop.example',
      'https://shop.example/path',
      'https://a.example, https://b.example',
    ]) {
      expect(() => loadConfig(GatewayEnv, { CORS_ORIGINS: bad })).toThrow(
        /CORS_ORIGINS: must be a comma-separated list of origins/,
      );
    }
  });

  it('reads moderators and API keys as named secrets, and refuses short or malformed ones', () => {
    const token = 'a'.repeat(24);
    const env = loadConfig(GatewayEnv, {
      MODERATOR_TOKENS: `alice:${token},bob:${'b'.repeat(30)}`,
      API_KEYS: `shop-1:${'k'.repeat(24)}`,
    });
    expect(env.moderators).toEqual([
      { name: 'alice', secret: token },
      { name: 'bob', secret: 'b'.repeat(30) },
    ]);
    expect(env.apiKeys).toEqual([{ name: 'shop-1', secret: 'k'.repeat(24) }]);
    expect(loadConfig(GatewayEnv, {}).moderators).toEqual([]);
    for (const bad of ['alice', `alice:short`, `:${token}`, `alice:${token},`, `al ice:${token}`]) {
      expect(() => loadConfig(GatewayEnv, { MODERATOR_TOKENS: bad })).toThrow(
        /MODERATOR_TOKENS: must be a comma-separated list of name:secret/,
      );
    }
  });

  it('refuses a review sample rate that is not a share', () => {
    expect(loadConfig(GatewayEnv, { REVIEW_SAMPLE_RATE: '0.25' }).REVIEW_SAMPLE_RATE).toBe(0.25);
    for (const bad of ['1.5', '-0.1', 'often']) {
      expect(() => loadConfig(GatewayEnv, { REVIEW_SAMPLE_RATE: bad })).toThrow(
        /REVIEW_SAMPLE_RATE: must be a number from 0 to 1/,
      );
    }
  });

  it('refuses a prediction timeout too short to ever succeed', () => {
    expect(() => loadConfig(GatewayEnv, { PREDICTION_TIMEOUT_MS: '50' })).toThrow(
      'PREDICTION_TIMEOUT_MS: must be a whole number from 100 to 300000 (got "50")',
    );
  });

  it('documents every variable it reads in docs/configuration.md', () => {
    expect(undocumentedVariables(GatewayEnv)).toEqual([]);
  });
});
