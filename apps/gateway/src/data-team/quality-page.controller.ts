import { Controller, Get, Header, Query, Render, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { pageView } from '../pages/page-view';
import { DataTeamGuard } from './data-team.guard';
import { QualityQueryDto } from './dto/quality-query.dto';
import type { QualityPageView } from './quality-page';
import { QualityPageService } from './quality-page.service';

/**
 * How good the model is, for the data team: a page for browsers (which ask for the token as a
 * password), so it is left out of the API document; `npm run evaluate` gives the same numbers as
 * JSON.
 */
@ApiExcludeController()
@Controller('data-team')
@UseGuards(DataTeamGuard)
export class QualityPageController {
  constructor(private readonly quality: QualityPageService) {}

  @Get()
  @Render(pageView.dataTeam)
  // The file and the queue change all the time; a reload must read them again.
  @Header('Cache-Control', 'no-store')
  page(@Query() query: QualityQueryDto): Promise<QualityPageView> {
    return this.quality.view(query);
  }
}
