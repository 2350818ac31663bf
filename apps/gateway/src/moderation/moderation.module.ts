import { Module } from '@nestjs/common';
import { FrameStripRequests } from './frame-strip-requests';
import { ModerationAuth } from './moderation-auth';
import { ModerationController } from './moderation.controller';
import { ModerationPageController } from './moderation-page.controller';
import { ModerationGuard } from './moderation.guard';
import { ModerationService } from './moderation.service';
import { ModerationRedis } from './moderation-redis';
import { ModerationStore } from './moderation-store';
import { ReviewQueue } from './review-queue';

/**
 * Moderations in (one per classified upload, and users' reports), the review queue that people
 * work through, and their decisions out (to the moderation and the data team's records).
 */
@Module({
  controllers: [ModerationController, ModerationPageController],
  providers: [
    ModerationService,
    ModerationStore,
    ModerationRedis,
    ReviewQueue,
    FrameStripRequests,
    ModerationAuth,
    ModerationGuard,
  ],
  exports: [ModerationService, ModerationRedis, ModerationAuth, ModerationGuard],
})
export class ModerationModule {}
