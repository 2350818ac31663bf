import { Module } from '@nestjs/common';
import { ModerationModule } from '../moderation/moderation.module';
import { DecisionsCsvReader } from './decisions-csv.reader';
import { QualityPageController } from './quality-page.controller';
import { QualityPageService } from './quality-page.service';

/**
 * The data team's model quality page. Apart from `DataTeamModule` (who may enter), which every
 * in-process test loads, so that this page's queue is not needed by the others.
 */
@Module({
  imports: [ModerationModule],
  controllers: [QualityPageController],
  providers: [QualityPageService, DecisionsCsvReader],
})
export class QualityPageModule {}
