export * from './lib/png-chunks';
export * from './lib/jpeg-comment';
