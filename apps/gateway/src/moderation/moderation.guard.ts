import {
  createParamDecorator,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ModerationAuth, moderatorChallenge, type Principal } from './moderation-auth';

const allowedKey = 'moderation:allowed';

/** Who may call a route: moderators only, or shop backends with an API key too. */
export const AllowedCallers = (...kinds: Principal['kind'][]) => SetMetadata(allowedKey, kinds);

type AuthorizedRequest = Request & { principal?: Principal };

/** Lets through only the callers a route allows (moderators when it says nothing). */
@Injectable()
export class ModerationGuard implements CanActivate {
  constructor(
    private readonly auth: ModerationAuth,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const allowed = this.reflector.getAllAndOverride<Principal['kind'][] | undefined>(allowedKey, [
      context.getHandler(),
      context.getClass(),
    ]) ?? ['moderator'];
    const http = context.switchToHttp();
    const request = http.getRequest<AuthorizedRequest>();
    try {
      request.principal = this.auth.authorize(request.headers.authorization, allowed);
      return true;
    } catch (error) {
      if (error instanceof UnauthorizedException && allowed.includes('moderator')) {
        http.getResponse<Response>().setHeader('WWW-Authenticate', moderatorChallenge);
      }
      throw error;
    }
  }
}

/** The caller {@link ModerationGuard} let through. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthorizedRequest>().principal;
  if (!principal) throw new UnauthorizedException('No caller: the route lacks ModerationGuard');
  return principal;
});
