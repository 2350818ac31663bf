import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { ModerationModule } from '../moderation/moderation.module';
import { PredictionModule } from '../prediction/prediction.module';
import { UploadsModule } from '../uploads/uploads.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { BatchItemProcessor } from './batch-item.processor';
import { BatchStore } from './batch-store';
import { BatchService } from './batch.service';
import { BatchesController } from './batches.controller';

/** Batches in (`POST /moderations`, 202 at once), each photo moderated by the batch consumer. */
@Module({
  imports: [UploadsModule, PredictionModule, ModerationModule, WebhooksModule, IdempotencyModule],
  controllers: [BatchesController],
  providers: [BatchService, BatchStore, BatchItemProcessor],
})
export class BatchesModule {}
