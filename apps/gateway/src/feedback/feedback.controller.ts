import { Controller, Get, Post, Query, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExcludeEndpoint,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RequestId } from '../common/request-id.decorator';
import { pageView } from '../pages/page-view';
import { resultPath } from '../pages/result-path';
import { DataTeamGuard } from '../data-team/data-team.guard';
import { CreateFeedbackDto, FeedbackAcceptedDto } from './dto/create-feedback.dto';
import { ReviewQueryDto } from './dto/review-query.dto';
import { FeedbackCsvReader } from './feedback-csv.reader';
import { FeedbackService } from './feedback.service';
import { reviewView } from './review-page';
import { RateLimit, RateLimited } from '../rate-limit/rate-limit';
import { feedbackCsvColumns } from '@moderation/contracts';
import { ApiDataTeamRefusals, ApiErrorResponse, ApiTextResponse } from '../openapi/api-responses';

@ApiTags('feedback')
@Controller('feedback')
export class FeedbackController {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly csv: FeedbackCsvReader,
  ) {}

  @Post()
  @RateLimited(RateLimit.Feedback)
  @UseInterceptors(NoFilesInterceptor())
  @ApiOperation({
    summary: 'Report a wrong prediction',
    description:
      "JSON, the upload page's form, or the original service's form field `report` (a Python dict literal). " +
      'Answered once the report is queued in Redis: it survives a gateway crash.',
  })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded', 'multipart/form-data')
  @ApiBody({ type: CreateFeedbackDto })
  @ApiAcceptedResponse({ type: FeedbackAcceptedDto, description: 'JSON report queued.' })
  @ApiResponse({
    status: 200,
    description:
      'Form report queued: the same JSON for clients; the upload page for browsers sending the original `report` field.',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(FeedbackAcceptedDto) } },
      'text/html': { schema: { type: 'string' } },
    },
  })
  @ApiResponse({
    status: 303,
    description:
      "The upload page's report from a browser, queued: back to the result it was about.",
    headers: {
      Location: {
        description: '`/results/{filename}?reported=1`',
        schema: { type: 'string' },
      },
    },
  })
  @ApiBadRequestResponse({
    description:
      'Invalid report, a class the model does not have, or a file name this service never stored.',
  })
  @ApiUnsupportedMediaTypeResponse({
    description: 'A body that is not JSON, a urlencoded form or multipart.',
  })
  @ApiTooManyRequestsResponse({
    description: 'Over the per-client limit (`RATE_LIMIT_FEEDBACK`); see `Retry-After`.',
  })
  @ApiServiceUnavailableResponse({ description: 'Redis is unreachable; nothing was queued.' })
  async create(
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string,
  ): Promise<void> {
    const { report, source } = await this.feedback.fromRequest(request);
    const reportId = await this.feedback.submit(report, source, requestId);
    if (source === 'json') {
      response.status(202).json({ success: true, reportId } satisfies FeedbackAcceptedDto);
    } else if (request.accepts(['json', 'html']) !== 'html') {
      response.status(200).json({ success: true, reportId } satisfies FeedbackAcceptedDto);
    } else if (source === 'page') {
      // Post/redirect/get: the result the report was about stays on screen, and a reload
      // shows it again instead of sending the report twice.
      response.redirect(303, resultPath(report.filename, report.model, { reported: true }));
    } else {
      response
        .status(200)
        .render(pageView.upload, { notice: 'Thank you: your report was recorded.' });
    }
  }

  /** The original service answered this with the page and wrote nothing; so does this one. */
  @Get()
  @ApiExcludeEndpoint()
  page(@Res() response: Response): void {
    response.render(pageView.upload, {});
  }

  @Get('export')
  @UseGuards(DataTeamGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Download every report as CSV (data team)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The feedback CSV, header first.' })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong token.' })
  @ApiNotFoundResponse({ description: 'No token is configured: the data team routes are off.' })
  @ApiTextResponse(200, 'text/csv', '', `${feedbackCsvColumns.join(',')}\n`)
  @ApiDataTeamRefusals()
  async export(@Res() response: Response): Promise<void> {
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="feedback.csv"');
    response.setHeader('Cache-Control', 'no-store');
    const source = await this.csv.stream();
    if (typeof source === 'string') {
      response.send(source);
      return;
    }
    source.on('error', () => response.destroy());
    source.pipe(response);
  }

  @Get('review')
  @UseGuards(DataTeamGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Reports with thumbnails, filtered and paged (data team, HTML)',
    description:
      'Newest first, `REVIEW_PAGE_SIZE` per page. The filters combine; `from` and `to` are UTC ' +
      'days, both included. A page past the end is an empty list with a link back.',
  })
  @ApiProduces('text/html')
  @ApiUnauthorizedResponse({ description: 'Missing or wrong token.' })
  @ApiNotFoundResponse({ description: 'No token is configured: the data team routes are off.' })
  @ApiTextResponse(200, 'text/html', 'The page: the matching reports, with their images.')
  @ApiErrorResponse(400, 'A filter or page that does not validate.', [
    { code: 'bad-request', message: 'source must be one of page, json, report' },
  ])
  @ApiDataTeamRefusals()
  async review(@Query() query: ReviewQueryDto, @Res() response: Response): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    const { page = 1, ...filter } = query;
    const pageSize = this.csv.pageSize;
    const slice = await this.csv.review(filter, page, pageSize);
    response.render(pageView.review, reviewView(filter, page, pageSize, slice));
  }
}
