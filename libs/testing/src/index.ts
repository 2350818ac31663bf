export * from './lib/app-process';
export * from './lib/csv-rows';
export * from './lib/documented-config';
export * from './lib/get-json';
export * from './lib/seeded-random';
export * from './lib/server-timing';
export * from './lib/tiny-classifier';
