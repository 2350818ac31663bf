// A separate entry point: importing tfjs costs seconds, which tests without it should not pay.
export * from './tfjs/tfjs-backend';
export * from './tfjs/nsfwjs-reference';
