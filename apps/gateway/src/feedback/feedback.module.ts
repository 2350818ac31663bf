import { Module } from '@nestjs/common';
import { PredictionModule } from '../prediction/prediction.module';
import { ModerationModule } from '../moderation/moderation.module';
import { UploadsModule } from '../uploads/uploads.module';
import { FeedbackCsvReader } from './feedback-csv.reader';
import { FeedbackController } from './feedback.controller';
import { FeedbackService } from './feedback.service';

/** Reports of wrong predictions in (to the feedback queue), and the data team's CSV out. */
@Module({
  imports: [UploadsModule, PredictionModule, ModerationModule],
  controllers: [FeedbackController],
  providers: [FeedbackService, FeedbackCsvReader],
})
export class FeedbackModule {}
