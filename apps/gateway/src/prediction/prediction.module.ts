import { Module } from '@nestjs/common';
import { predictionKeptSeconds } from '@moderation/contracts';
import { GatewayEnv } from '../config/gateway-env';
import { HealthModule } from '../health/health.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { ModerationModule } from '../moderation/moderation.module';
import { UploadsModule } from '../uploads/uploads.module';
import { PredictionController } from './prediction.controller';
import { ModelVersions } from './model-versions';
import { PredictionEvents } from './prediction-events';
import { PredictionService } from './prediction.service';
import { RecentPredictions } from './recent-predictions';
import { VerdictPolicy } from './verdict-policy';

/** `POST /predict`: an upload in, through the prediction queue, a classification out. */
@Module({
  imports: [UploadsModule, HealthModule, ModerationModule, IdempotencyModule],
  controllers: [PredictionController],
  providers: [
    PredictionService,
    PredictionEvents,
    ModelVersions,
    VerdictPolicy,
    {
      provide: RecentPredictions,
      useFactory: (env: GatewayEnv) =>
        new RecentPredictions(env.RECENT_PREDICTIONS_MB * 1024 ** 2, predictionKeptSeconds * 1000),
      inject: [GatewayEnv],
    },
  ],
  exports: [PredictionService, ModelVersions],
})
export class PredictionModule {}
