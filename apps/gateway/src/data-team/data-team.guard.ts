import {
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataTeamAuth, dataTeamChallenge } from './data-team-auth';

/** Lets only the data team through (see {@link DataTeamAuth}). */
@Injectable()
export class DataTeamGuard implements CanActivate {
  constructor(private readonly auth: DataTeamAuth) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    try {
      this.auth.authorize(http.getRequest<Request>().headers.authorization);
      return true;
    } catch (error) {
      if (error instanceof UnauthorizedException) {
        http.getResponse<Response>().setHeader('WWW-Authenticate', dataTeamChallenge);
      }
      throw error;
    }
  }
}
