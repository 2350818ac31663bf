export * from './lib/date-range';
export * from './lib/decision-record';
export * from './lib/format';
export * from './lib/quality-report';
export * from './lib/statistics';
export * from './lib/read-decision-rows';
