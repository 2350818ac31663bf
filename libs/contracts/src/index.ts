export * from './lib/queue-names';
export * from './lib/prediction-job';
export * from './lib/job-options';
export * from './lib/failure-message';
