import {
  Controller,
  Get,
  NotFoundException,
  Param,
  Post,
  Query,
  Redirect,
  Render,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { RequestId } from '../common/request-id.decorator';
import { PredictionService } from '../prediction/prediction.service';
import { ModerationService } from '../moderation/moderation.service';
import { UploadStore, type ReceivedFile } from '../uploads/upload-store';
import { pageView } from './page-view';
import { resultPath } from './result-path';
import { resultView, type ResultView } from './upload-page';
import { RateLimit, RateLimited } from '../rate-limit/rate-limit';
import { ResultQueryDto } from './result-query.dto';

/** The upload page: works as a plain HTML form; its script only makes it nicer. */
@ApiExcludeController()
@Controller()
export class PagesController {
  constructor(
    private readonly uploads: UploadStore,
    private readonly predictions: PredictionService,
    private readonly moderations: ModerationService,
  ) {}

  @Get()
  @Render(pageView.upload)
  page(): Record<string, never> {
    return {};
  }

  /**
   * Classifies the photo, then redirects to its result page (post/redirect/get): the result has
   * an address of its own, and reloading it never uploads the photo again.
   */
  @Post()
  @RateLimited(RateLimit.Predict)
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @UploadedFile() file: ReceivedFile | undefined,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string,
  ): Promise<void> {
    const upload = await this.uploads.keep(file, request);
    const prediction = await this.predictions.predict(upload, undefined, requestId);
    await this.moderations.open(prediction, undefined);
    response.redirect(303, resultPath(prediction.storedName));
  }

  /**
   * The result of a stored upload. Computed once per model version and then reused, so showing it
   * again costs no inference.
   */
  @Get('results/:filename')
  @Render(pageView.upload)
  async result(
    @Param('filename') filename: string,
    @Query() query: ResultQueryDto,
    @RequestId() requestId: string,
  ): Promise<{ result: ResultView; notice?: string; title: string }> {
    const upload = await this.uploads.find(filename);
    if (!upload) throw new NotFoundException('No stored upload has that name');
    const prediction = await this.predictions.predict(upload, query.model, requestId);
    return {
      title: `Result: ${prediction.prediction}`,
      result: resultView(prediction),
      ...(query.reported ? { notice: 'Thank you: your report was recorded.' } : {}),
    };
  }

  /** Browsers and crawlers ask for this path whatever the page links to. */
  @Get('favicon.ico')
  @Redirect('/static/favicon.svg', 301)
  favicon(): void {
    return undefined;
  }
}
