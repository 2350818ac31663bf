export * from './lib/embedded-redis';
