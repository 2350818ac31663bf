export * from './lib/model-manifest';
export * from './lib/validate-manifest';
export * from './lib/policy/decide';
export * from './lib/policy/policy-file';
