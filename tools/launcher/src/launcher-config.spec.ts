import { readLauncherConfig } from './launcher-config';

describe('readLauncherConfig', () => {
  it('gives each embedded Redis port its own data folder by default', () => {
    expect(readLauncherConfig({}, '/repo').embeddedRedisDir).toBe('/repo/var/redis-6390');
    expect(readLauncherConfig({ EMBEDDED_REDIS_PORT: '6401' }, '/repo').embeddedRedisDir).toBe(
      '/repo/var/redis-6401',
    );
  });

  it('keeps a data folder that is set, relative to the repository', () => {
    const env = { EMBEDDED_REDIS_PORT: '6401', EMBEDDED_REDIS_DIR: 'data/r' };
    expect(readLauncherConfig(env, '/repo').embeddedRedisDir).toBe('/repo/data/r');
    expect(readLauncherConfig({ EMBEDDED_REDIS_DIR: '/srv/r' }, '/repo').embeddedRedisDir).toBe(
      '/srv/r',
    );
  });

  it('checks the gateway port on the interface the gateway listens on', () => {
    expect(readLauncherConfig({}, '/repo')).toMatchObject({
      gatewayPort: 3000,
      gatewayHost: '0.0.0.0',
    });
    expect(readLauncherConfig({ PORT: '3300', HOST: '127.0.0.1' }, '/repo')).toMatchObject({
      gatewayPort: 3300,
      gatewayHost: '127.0.0.1',
    });
  });
});
