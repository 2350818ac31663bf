import {
  Body,
  Controller,
  Get,
  Header,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Render,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Response } from 'express';
import { BadRequestException } from '@nestjs/common';
import { RequestId } from '../common/request-id.decorator';
import { GatewayEnv } from '../config/gateway-env';
import { DecisionConflictError } from '../errors/gateway-errors';
import { pageView } from '../pages/page-view';
import { DecisionRequestDto } from './dto/decision-request.dto';
import type { Principal } from './moderation-auth';
import { Caller, ModerationGuard } from './moderation.guard';
import { moderationPageView, type ModerationPageView } from './moderation-page';
import { ModerationService } from './moderation.service';
import { SameOriginGuard } from './same-origin.guard';

/**
 * The moderators' page: one photo at a time, decided with plain forms (post/redirect/get), so it
 * works without JavaScript; a browser asks for the token as the password of a login.
 */
@ApiExcludeController()
@Controller('moderation')
@UseGuards(ModerationGuard)
export class ModerationPageController {
  constructor(
    private readonly moderations: ModerationService,
    private readonly env: GatewayEnv,
  ) {}

  @Get()
  @Render(pageView.moderation)
  // Back and reload must ask the queue again, never show a photo decided since.
  @Header('Cache-Control', 'no-store')
  async page(
    @Caller() moderator: Principal,
    @Query('done') done?: string,
  ): Promise<ModerationPageView> {
    const { moderation, waiting } = await this.moderations.next(moderator);
    const decidedToday = await this.moderations.decidedToday(moderator);
    return moderationPageView(
      moderation,
      { waiting, decidedToday },
      done,
      this.env.REVIEW_LOCK_SECONDS,
    );
  }

  @Post(':id/decision')
  @UseGuards(SameOriginGuard)
  async decide(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() form: Record<string, unknown>,
    @Caller() moderator: Principal,
    @RequestId() requestId: string,
    @Res() response: Response,
  ): Promise<void> {
    const request = await decisionFrom(form);
    try {
      await this.moderations.decide(id, moderator, request, requestId);
    } catch (error) {
      if (!(error instanceof DecisionConflictError)) throw error;
      return response.redirect(303, '/moderation?done=gone');
    }
    response.redirect(303, `/moderation?done=${request.decision}`);
  }

  @Post(':id/skip')
  @UseGuards(SameOriginGuard)
  async skip(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Caller() moderator: Principal,
    @Res() response: Response,
  ): Promise<void> {
    try {
      await this.moderations.skip(id, moderator);
    } catch (error) {
      if (!(error instanceof DecisionConflictError)) throw error;
      return response.redirect(303, '/moderation?done=gone');
    }
    response.redirect(303, '/moderation?done=skip');
  }
}

/** A page form's fields as a decision request: unchosen options and empty notes are absent. */
async function decisionFrom(form: Record<string, unknown>): Promise<DecisionRequestDto> {
  const fields = Object.fromEntries(Object.entries(form ?? {}).filter(([, value]) => value !== ''));
  const request = plainToInstance(DecisionRequestDto, fields);
  const errors = await validate(request, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw new BadRequestException(errors.flatMap((e) => Object.values(e.constraints ?? {})));
  }
  return request;
}
