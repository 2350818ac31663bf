import { Module } from '@nestjs/common';
import { PredictionModule } from '../prediction/prediction.module';
import { UploadsModule } from '../uploads/uploads.module';
import { PagesController } from './pages.controller';

/** The server-rendered upload page (`GET /`, `POST /`). */
@Module({
  imports: [UploadsModule, PredictionModule],
  controllers: [PagesController],
})
export class PagesModule {}
