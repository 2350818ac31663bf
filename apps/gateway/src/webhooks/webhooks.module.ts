import { Global, Module } from '@nestjs/common';
import { ModerationModule } from '../moderation/moderation.module';
import { WebhookAttempts } from './webhook-attempts';
import { WebhookDelivery } from './webhook-delivery';
import { WebhookPublisher } from './webhook-publisher';

/**
 * Events about moderations to the shops' `callbackUrl`s: published to the `webhook` queue
 * (`WebhookPublisher`), delivered signed by every gateway that has `WEBHOOK_SECRET`
 * (`WebhookDelivery`), every try recorded on the moderation (`WebhookAttempts`). Global, so the
 * moderation and batch services can publish without importing it back.
 */
@Global()
@Module({
  imports: [ModerationModule],
  providers: [WebhookPublisher, WebhookAttempts, WebhookDelivery],
  exports: [WebhookPublisher, WebhookAttempts],
})
export class WebhooksModule {}
