import { CommonEnv } from './common-env';
import { EnvInt } from './env-int';
import { ConfigValidationError, loadConfig } from './load-config';

class ExampleEnv extends CommonEnv {
  @EnvInt(1, 65535)
  PORT = 3000;
}

describe('loadConfig', () => {
  it('applies defaults for unset and empty variables', () => {
    const config = loadConfig(ExampleEnv, { PORT: '' });
    expect(config.PORT).toBe(3000);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.logFormat).toBe('pretty');
  });

  it('converts and keeps the values it is given', () => {
    const config = loadConfig(ExampleEnv, {
      PORT: '8080',
      NODE_ENV: 'production',
      REDIS_URL: 'redis://:secret@cache:6380/2',
    });
    expect(config.PORT).toBe(8080);
    expect(config.REDIS_URL).toBe('redis://:secret@cache:6380/2');
    expect(config.logFormat).toBe('json');
  });

  it('ignores variables the schema does not declare', () => {
    const config = loadConfig(ExampleEnv, { HOME: '/root' });
    expect(config).not.toHaveProperty('HOME');
  });

  it('names every bad variable and what it was given', () => {
    let error: unknown;
    try {
      loadConfig(ExampleEnv, { PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const message = (error as Error).message;
    expect(message).toContain('PORT: must be a whole number from 1 to 65535 (got "eighty")');
    expect(message).toMatch(/LOG_LEVEL: .* \(got "loud"\)/);
  });

  it('rejects a Redis URL of another scheme', () => {
    expect(() => loadConfig(ExampleEnv, { REDIS_URL: 'http://cache:6379' })).toThrow(
      /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/,
    );
  });
});
