import { Module } from '@nestjs/common';
import { ModerationModule } from '../moderation/moderation.module';
import { IdempotencyStore } from './idempotency-store';

/** `Idempotency-Key` for the routes that create something: one answer per key and body. */
@Module({
  imports: [ModerationModule],
  providers: [IdempotencyStore],
  exports: [IdempotencyStore],
})
export class IdempotencyModule {}
