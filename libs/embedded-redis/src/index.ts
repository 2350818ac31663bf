export * from './lib/embedded-redis';
export * from './lib/free-port';
