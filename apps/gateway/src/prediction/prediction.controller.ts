import {
  Body,
  Controller,
  Get,
  HttpCode,
  MethodNotAllowedException,
  Post,
  Req,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiGatewayTimeoutResponse,
  ApiMethodNotAllowedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { RequestId } from '../common/request-id.decorator';
import { UploadStore, type ReceivedFile } from '../uploads/upload-store.service';
import { PredictRequestDto } from './dto/predict-request.dto';
import { PredictionErrorDto, PredictionResponseDto } from './dto/prediction-response.dto';
import { PredictionService } from './prediction.service';
import { RateLimit, RateLimited } from '../rate-limit/rate-limit';

@ApiTags('prediction')
@Controller('predict')
export class PredictionController {
  constructor(
    private readonly uploads: UploadStore,
    private readonly predictions: PredictionService,
  ) {}

  @Post()
  @HttpCode(200)
  @RateLimited(RateLimit.Predict)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({ summary: 'Classify an image and say whether it may be shown' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: PredictRequestDto })
  @ApiOkResponse({ type: PredictionResponseDto })
  @ApiBadRequestResponse({
    type: PredictionErrorDto,
    description: 'No file, empty file, not an image, unreadable image or unknown model.',
  })
  @ApiPayloadTooLargeResponse({
    type: PredictionErrorDto,
    description: 'Over the upload size limit, or more pixels than the workers decode.',
  })
  @ApiTooManyRequestsResponse({
    type: PredictionErrorDto,
    description:
      'Over the per-client limit (`RATE_LIMIT_PREDICT`); `Retry-After` says when to retry.',
  })
  @ApiServiceUnavailableResponse({
    type: PredictionErrorDto,
    description: 'Redis or every worker is down.',
  })
  @ApiGatewayTimeoutResponse({
    type: PredictionErrorDto,
    description: 'No answer within the prediction timeout.',
  })
  @ApiBadGatewayResponse({
    type: PredictionErrorDto,
    description: 'The worker failed after its retries.',
  })
  async predict(
    @UploadedFile() file: ReceivedFile | undefined,
    @Req() request: Request,
    @Body() form: PredictRequestDto,
    @RequestId() requestId: string,
  ): Promise<PredictionResponseDto> {
    const upload = await this.uploads.keep(file, request);
    const prediction = await this.predictions.predict(upload, form.model, requestId);
    return PredictionResponseDto.from(prediction);
  }

  @Get()
  @ApiMethodNotAllowedResponse({ type: PredictionErrorDto, description: 'Predictions are POSTed.' })
  notAllowed(): never {
    throw new MethodNotAllowedException('Use POST with a multipart field "file"');
  }
}
