import {
  Controller,
  Get,
  HttpCode,
  Post,
  Render,
  Req,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { RequestId } from '../common/request-id.decorator';
import { PredictionService } from '../prediction/prediction.service';
import { UploadStore, type ReceivedFile } from '../uploads/upload-store.service';
import { pageView } from './page-view';
import { resultView, type ResultView } from './upload-page';
import { RateLimit, RateLimited } from '../rate-limit/rate-limit';

/** The upload page: works as a plain HTML form; its script only makes it nicer. */
@ApiExcludeController()
@Controller()
export class PagesController {
  constructor(
    private readonly uploads: UploadStore,
    private readonly predictions: PredictionService,
  ) {}

  @Get()
  @Render(pageView.upload)
  page(): Record<string, never> {
    return {};
  }

  @Post()
  @RateLimited(RateLimit.Predict)
  @HttpCode(200)
  @Render(pageView.upload)
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @UploadedFile() file: ReceivedFile | undefined,
    @Req() request: Request,
    @RequestId() requestId: string,
  ): Promise<{ result: ResultView }> {
    const upload = await this.uploads.keep(file, request);
    const prediction = await this.predictions.predict(upload, undefined, requestId);
    return { result: resultView(prediction) };
  }
}
