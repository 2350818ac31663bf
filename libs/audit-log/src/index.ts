export * from './lib/audit-line';
export * from './lib/verify-audit-log';
