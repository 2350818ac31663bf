export * from './lib/model-manifest';
export * from './lib/validate-manifest';
