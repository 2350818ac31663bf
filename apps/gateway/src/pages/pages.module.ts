import { Module } from '@nestjs/common';
import { PredictionModule } from '../prediction/prediction.module';
import { ModerationModule } from '../moderation/moderation.module';
import { UploadsModule } from '../uploads/uploads.module';
import { PagesController } from './pages.controller';

/** The server-rendered upload page (`GET /`, `POST /`). */
@Module({
  imports: [UploadsModule, PredictionModule, ModerationModule],
  controllers: [PagesController],
})
export class PagesModule {}
