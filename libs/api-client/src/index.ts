export * from './lib/api-types';
export * from './lib/moderation-client';
export * from './lib/webhooks';
export { verifyWebhook, type VerifyOptions } from '@moderation/webhook-signature';
export type { paths, webhooks, components } from './generated/gateway-api';
