import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UploadedFiles,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RequestId } from '../common/request-id.decorator';
import {
  BatchFilesRefusedError,
  BatchNotFoundError,
  BatchReferencesMismatchError,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  NoBatchFilesError,
  ServiceUnavailableError,
} from '../errors/gateway-errors';
import type { Principal } from '../moderation/moderation-auth';
import { AllowedCallers, Caller, ModerationGuard } from '../moderation/moderation.guard';
import { ApiErrorResponse, badRequest } from '../openapi/api-responses';
import type { ReceivedFile } from '../uploads/upload-store';
import { CallbackUrlNotAllowedError } from '../webhooks/webhook-errors';
import { idempotencyKeyOf } from '../idempotency/idempotency-store';
import { BatchService } from './batch.service';
import { BatchAcceptedDto, BatchDto } from './dto/batch.dto';
import { CreateBatchDto } from './dto/create-batch.dto';

/** The most photos a batch may ever hold; `MAX_BATCH_FILES` (at most this) is the real limit. */
const batchFilesCeiling = 1000;
const exampleId = '5d2f7a10-8c3e-4f61-9b2a-7e0c4d1f2a33';

@ApiTags('moderation')
@ApiBearerAuth()
@Controller()
@UseGuards(ModerationGuard)
@AllowedCallers('api-key', 'moderator')
export class BatchesController {
  constructor(private readonly batches: BatchService) {}

  @Post('moderations')
  @HttpCode(202)
  @UseInterceptors(FilesInterceptor('files', batchFilesCeiling))
  @ApiOperation({
    summary: 'Moderate a batch of photos without waiting (a shop backend)',
    description:
      'Stores the photos and answers 202 at once with a moderation id per photo; each is then classified and moderated, ' +
      'and `moderation.completed` (then `moderation.decided`, when a person decides) is POSTed to `callbackUrl`.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CreateBatchDto })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'The same key with the same photos and fields within 24 h answers the first batch again (`Idempotent-Replayed: true`) and queues nothing.',
    schema: { type: 'string', maxLength: 255 },
  })
  @ApiAcceptedResponse({
    type: BatchAcceptedDto,
    description: 'Accepted: every photo is queued.',
    headers: {
      'Idempotent-Replayed': {
        description: '`true` when this is the answer to an earlier request with the same key.',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @ApiErrorResponse(409, 'The first request with this `Idempotency-Key` is still being answered.', [
    new IdempotencyInProgressError(),
  ])
  @ApiErrorResponse(422, 'This `Idempotency-Key` was used within 24 h for a different batch.', [
    new IdempotencyKeyReusedError(),
  ])
  @ApiErrorResponse(
    400,
    'No photos, a photo that is not an image, references that do not match the photos, a callbackUrl not allowed, or more than `MAX_BATCH_FILES` photos.',
    [
      new NoBatchFilesError(),
      new BatchFilesRefusedError(['files[2] (notes.txt): Allowed image types are -> png, jpg, …']),
      new BatchReferencesMismatchError(3, 2),
      new CallbackUrlNotAllowedError('callbackUrl host 10.0.0.5 is not in WEBHOOK_ALLOWED_HOSTS'),
      badRequest,
    ],
  )
  @ApiErrorResponse(401, 'Without an API key or a moderator token.', [
    { code: 'unauthorized', message: 'A moderator token or an API key is required' },
  ])
  @ApiErrorResponse(404, 'The routes are off (no API key or moderator configured).', [
    { code: 'not-found', message: 'The moderation routes are off' },
  ])
  @ApiErrorResponse(413, 'A photo over `MAX_UPLOAD_BYTES`.', [
    { code: 'too-large', message: 'File too large' },
  ])
  @ApiErrorResponse(503, 'Redis is unreachable.', [
    new ServiceUnavailableError('Batches are unavailable: Redis is unreachable'),
  ])
  async create(
    @UploadedFiles() files: ReceivedFile[] | undefined,
    @Body() form: CreateBatchDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Caller() owner: Principal,
    @RequestId() requestId: string,
  ): Promise<BatchAcceptedDto> {
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    const { batch, replayed } = await this.batches.accept(
      files,
      form,
      request,
      owner,
      requestId,
      key,
    );
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    return batch;
  }

  @Get('batches/:id')
  @ApiOperation({ summary: 'Where every photo of a batch stands' })
  @ApiOkResponse({ type: BatchDto })
  @ApiErrorResponse(400, 'The id is not a batch id.', [badRequest])
  @ApiErrorResponse(401, 'Without an API key or a moderator token.', [
    { code: 'unauthorized', message: 'A moderator token or an API key is required' },
  ])
  @ApiErrorResponse(404, 'No batch with that id.', [new BatchNotFoundError(exampleId)])
  @ApiErrorResponse(503, 'Redis is unreachable.', [
    new ServiceUnavailableError('Batches are unavailable: Redis is unreachable'),
  ])
  async find(@Param('id', new ParseUUIDPipe()) id: string): Promise<BatchDto> {
    return this.batches.status(id);
  }
}
