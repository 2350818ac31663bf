import { describeRedisUrl, redisConnectionOptions } from './redis-connection';

describe('redisConnectionOptions', () => {
  it('reads host, port, credentials and database from the URL', () => {
    const options = redisConnectionOptions('redis://worker:p%40ss@cache.internal:6380/3');
    expect(options).toMatchObject({
      host: 'cache.internal',
      port: 6380,
      username: 'worker',
      password: 'p@ss',
      db: 3,
      tls: undefined,
    });
  });

  it('defaults the port and database and turns on TLS for rediss://', () => {
    const options = redisConnectionOptions('rediss://cache');
    expect(options).toMatchObject({ host: 'cache', port: 6379, db: 0, tls: {} });
  });

  it('retries quickly, with a capped delay', () => {
    const retry = redisConnectionOptions('redis://cache').retryStrategy;
    expect(retry?.(1)).toBe(200);
    expect(retry?.(100)).toBe(1000);
  });

  it('hides the password when describing the URL', () => {
    expect(describeRedisUrl('redis://:hunter2@cache:6379/0')).toBe('redis://:***@cache:6379/0');
  });
});
