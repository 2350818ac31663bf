import {
  Body,
  Controller,
  Get,
  HttpCode,
  MethodNotAllowedException,
  Post,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RequestId } from '../common/request-id.decorator';
import { StageClock } from '../common/server-timing';
import { UploadStore, type ReceivedFile } from '../uploads/upload-store';
import { PredictRequestDto } from './dto/predict-request.dto';
import { PredictionErrorDto, PredictionResponseDto } from './dto/prediction-response.dto';
import { PredictionService } from './prediction.service';
import { ModerationService } from '../moderation/moderation.service';
import {
  fingerprintOf,
  idempotencyKeyOf,
  IdempotencyStore,
} from '../idempotency/idempotency-store';
import { RateLimit, RateLimited } from '../rate-limit/rate-limit';
import {
  EmptyFileError,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  InvalidIdempotencyKeyError,
  NoFilePartError,
  NoImageSelectedError,
  PredictionFailedError,
  PredictionTimeoutError,
  RateLimitedError,
  PredictionRefusedError,
  ServiceUnavailableError,
  UnsupportedImageTypeError,
  UploadTooLargeError,
} from '../errors/gateway-errors';
import { PredictionFailure } from '@moderation/contracts';
import {
  ApiErrorResponse,
  internalError,
  retryAfterHeader,
  type ErrorCase,
} from '../openapi/api-responses';

/** An error status of `/predict`, in its own shape, with an example for each way it happens. */
const PredictionError = (status: number, description: string, ...cases: ErrorCase[]) =>
  ApiErrorResponse(status, description, cases, {
    schema: PredictionErrorDto,
    headers: status === 429 ? retryAfterHeader : undefined,
  });

@ApiTags('prediction')
@Controller('predict')
export class PredictionController {
  constructor(
    private readonly uploads: UploadStore,
    private readonly predictions: PredictionService,
    private readonly moderations: ModerationService,
    private readonly idempotency: IdempotencyStore,
  ) {}

  @Post()
  @HttpCode(200)
  @RateLimited(RateLimit.Predict)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({ summary: 'Classify an image and say whether it may be shown' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: PredictRequestDto })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Makes a retry safe: the same key with the same photo and fields within 24 h answers the first answer ' +
      '(same `moderationId`, header `Idempotent-Replayed: true`) without classifying again. Up to 255 printable ASCII characters; a UUID per request.',
    schema: { type: 'string', maxLength: 255 },
  })
  @ApiOkResponse({
    type: PredictionResponseDto,
    description: 'The classes, the score and the verdict.',
    headers: {
      'Server-Timing': {
        description:
          'Where the time went, in ms (W3C Server Timing): `upload` (receiving and hashing it), `store`, ' +
          '`classify` (the queue and the worker; `inference` is the part the worker spent decoding and in the model) ' +
          'or `reuse` (an earlier answer for the same bytes), `moderation`, and `total` in the gateway.',
        schema: {
          type: 'string',
          example:
            'upload;dur=1.8;desc="receiving and hashing the upload", store;dur=1.1;desc="storing the upload", classify;dur=27.4;desc="the queue and the worker", inference;dur=23.0;desc="the worker\'s decoding and model", moderation;dur=0.4;desc="recording the moderation", total;dur=30.9;desc="gateway"',
        },
      },
      'Idempotent-Replayed': {
        description:
          '`true` when this is the first answer to an earlier request with the same `Idempotency-Key`.',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @PredictionError(
    400,
    'No file, empty file, not an image, unreadable image, unknown or malformed model id.',
    new NoFilePartError(),
    new InvalidIdempotencyKeyError(),
    new NoImageSelectedError(),
    new EmptyFileError(),
    new UnsupportedImageTypeError(),
    new PredictionRefusedError(
      PredictionFailure.UndecodableImage,
      'The file is not a readable image: truncated JPEG data',
    ),
    new PredictionRefusedError(
      PredictionFailure.UnknownModel,
      'unknown model "resnet50"; loaded: mobilenet_v2, inception_v3',
    ),
    { code: 'bad-request', message: 'model must be a model id such as mobilenet_v2' },
  )
  @PredictionError(
    409,
    'The first request with this `Idempotency-Key` is still being answered.',
    new IdempotencyInProgressError(),
  )
  @PredictionError(
    422,
    'This `Idempotency-Key` was used within 24 h for a different photo or fields.',
    new IdempotencyKeyReusedError(),
  )
  @PredictionError(
    413,
    'Over the upload size limit (`MAX_UPLOAD_BYTES`), or more pixels than the workers decode.',
    new UploadTooLargeError(20 * 1024 ** 2),
    new PredictionRefusedError(
      PredictionFailure.ImageTooLarge,
      'The image has too many pixels: image is 20000×20000 pixels, more than the limit of 100,000,000 pixels',
    ),
  )
  @PredictionError(
    429,
    'Over the per-client limit (`RATE_LIMIT_PREDICT`); `Retry-After` says when to retry.',
    new RateLimitedError(42),
  )
  @PredictionError(
    500,
    'Unexpected error; the message quotes an id that is in the logs.',
    internalError,
  )
  @PredictionError(502, 'The worker failed after its retries.', new PredictionFailedError())
  @PredictionError(
    503,
    'Redis is unreachable or no worker consumes predictions; answered at once.',
    new ServiceUnavailableError(
      'The service cannot classify right now: no worker is consuming the prediction queue',
    ),
  )
  @PredictionError(
    504,
    'No answer within the prediction timeout (`PREDICTION_TIMEOUT_MS`).',
    new PredictionTimeoutError(10_000),
  )
  async predict(
    @UploadedFile() file: ReceivedFile | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Body() form: PredictRequestDto,
    @RequestId() requestId: string,
  ): Promise<PredictionResponseDto> {
    const clock = new StageClock(request);
    clock.lap('upload', 'receiving and hashing the upload');
    const upload = await this.uploads.keep(file, request);
    clock.lap('store', 'storing the upload');
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    const answer = async () => {
      const prediction = await this.predictions.predict(upload, form.model, requestId);
      if (prediction.reused) clock.lap('reuse', 'an earlier answer for the same bytes');
      else {
        clock.lap('classify', 'the queue and the worker');
        clock.add('inference', prediction.inferenceMs, "the worker's decoding and model");
      }
      const moderation = await this.moderations.open(prediction, form.reference);
      clock.lap('moderation', 'recording the moderation');
      return PredictionResponseDto.from(prediction, moderation);
    };
    const once =
      key === undefined
        ? { answer: await answer(), replayed: false }
        : await this.idempotency.once(
            'predict',
            key,
            fingerprintOf(upload.sha256, form.model, form.reference),
            answer,
          );
    if (once.replayed) response.setHeader('Idempotent-Replayed', 'true');
    response.setHeader('Server-Timing', clock.header());
    return once.answer;
  }

  @Get()
  @ApiOperation({ summary: 'Not allowed: predictions are POSTed (answers 405)' })
  @PredictionError(405, 'Predictions are POSTed; `Allow: POST`.', {
    code: 'method-not-allowed',
    message: 'Use POST with a multipart field "file"',
  })
  notAllowed(): never {
    throw new MethodNotAllowedException('Use POST with a multipart field "file"');
  }
}
