export * from './lib/queue-names';
export * from './lib/prediction-job';
export * from './lib/job-options';
export * from './lib/failure-message';
export * from './lib/feedback-job';
export * from './lib/stored-name';
export * from './lib/model-registry';
export * from './lib/queue-types';
