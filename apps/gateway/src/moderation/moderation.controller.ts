import {
  applyDecorators,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Optional,
  Param,
  ParseUUIDPipe,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RequestId } from '../common/request-id.decorator';
import {
  DecisionConflictError,
  ModerationNotFoundError,
  ServiceUnavailableError,
  UnknownLabelError,
} from '../errors/gateway-errors';
import { ApiErrorResponse, badRequest } from '../openapi/api-responses';
import { DecisionRequestDto } from './dto/decision-request.dto';
import { ModerationDto, NextItemDto } from './dto/moderation.dto';
import { AllowedCallers, Caller, ModerationGuard } from './moderation.guard';
import type { Principal } from './moderation-auth';
import { ModerationService } from './moderation.service';
import { WebhookAttempts } from '../webhooks/webhook-attempts';

const exampleId = '0b7e7c4e-3d5f-4a8e-9a55-2f0b8e3d9c41';
const unavailable = new ServiceUnavailableError(
  'Moderations are unavailable: Redis is unreachable',
);

/** How every moderation route refuses a caller it does not know. */
const Refusals = (who: string) =>
  applyDecorators(
    ApiErrorResponse(401, `Without ${who} (\`Authorization: Bearer …\`).`, [
      { code: 'unauthorized', message: `A ${who} is required (Authorization: Bearer …)` },
    ]),
    ApiErrorResponse(
      404,
      'No moderation with that id, or the routes are off (nothing configured).',
      [
        new ModerationNotFoundError(exampleId),
        {
          code: 'not-found',
          message: 'The moderation routes are off: MODERATOR_TOKENS is not set',
        },
      ],
    ),
    ApiErrorResponse(503, 'Redis is unreachable.', [unavailable]),
  );

@ApiTags('moderation')
@ApiBearerAuth()
@Controller('moderations')
@UseGuards(ModerationGuard)
export class ModerationController {
  constructor(private readonly moderations: ModerationService) {}

  @Post('next')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Take the next photo waiting for review (moderators)',
    description:
      'Locks the item to the moderator for `REVIEW_LOCK_SECONDS`; asking again while holding it returns ' +
      'the same item with its lock renewed. Reports come first, then the model’s doubts, then samples.',
  })
  @ApiOkResponse({ type: NextItemDto })
  @Refusals('moderator token')
  async next(@Caller() moderator: Principal): Promise<NextItemDto> {
    const { moderation, waiting } = await this.moderations.next(moderator);
    return { item: moderation ? ModerationDto.from(moderation) : null, waiting };
  }

  @Post(':id/hold')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Keep holding a taken photo (moderators)',
    description:
      'Renews the lock for another `REVIEW_LOCK_SECONDS` while the photo is on screen; the moderation page calls it every third of that.',
  })
  @ApiNoContentResponse({ description: 'Still held by the caller, for another lock period.' })
  @ApiErrorResponse(409, 'The caller no longer holds it: the lock lapsed or someone decided it.', [
    new DecisionConflictError(
      `Moderation ${exampleId} is no longer held by alice: it went back to the queue or was decided`,
    ),
  ])
  @ApiErrorResponse(400, 'The id is not a moderation id.', [badRequest])
  @Refusals('moderator token')
  async hold(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Caller() moderator: Principal,
  ): Promise<void> {
    await this.moderations.hold(id, moderator);
  }

  /** The delivery tries of a moderation's events (absent where WebhooksModule is not loaded). */
  @Optional()
  @Inject(WebhookAttempts)
  private readonly webhookAttempts?: WebhookAttempts;

  @Get(':id')
  @AllowedCallers('moderator', 'api-key')
  @ApiOperation({
    summary: 'A moderation: the model’s answer, its state, and a person’s decision',
  })
  @ApiOkResponse({ type: ModerationDto })
  @ApiErrorResponse(400, 'The id is not a moderation id.', [badRequest])
  @Refusals('moderator token or an API key')
  async find(@Param('id', new ParseUUIDPipe()) id: string): Promise<ModerationDto> {
    const [moderation, webhooks] = await Promise.all([
      this.moderations.find(id),
      this.webhookAttempts ? this.webhookAttempts.list(id) : [],
    ]);
    return ModerationDto.from(moderation, webhooks);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @AllowedCallers('moderator', 'api-key')
  @ApiOperation({
    summary: 'Decide a photo in review: approve, or reject with a reason',
    description:
      'The moderation’s state changes, a row goes to the data team’s `decisions.csv` and an entry to the audit log.',
  })
  @ApiOkResponse({ type: ModerationDto, description: 'The moderation, decided.' })
  @ApiErrorResponse(400, 'A body that does not validate, or a label the model does not have.', [
    { code: 'bad-request', message: 'reason must be one of: nudity, sexual, violence, …' },
    new UnknownLabelError('label', ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']),
  ])
  @ApiErrorResponse(409, 'Decided already, never sent to review, or held by another moderator.', [
    new DecisionConflictError(`Moderation ${exampleId} is held by another moderator (alice)`),
  ])
  @Refusals('moderator token or an API key')
  async decide(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() request: DecisionRequestDto,
    @Caller() decider: Principal,
    @RequestId() requestId: string,
  ): Promise<ModerationDto> {
    return ModerationDto.from(await this.moderations.decide(id, decider, request, requestId));
  }
}
