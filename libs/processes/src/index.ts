export * from './lib/child';
export * from './lib/dist-entry';
export * from './lib/free-port';
export * from './lib/poll';
