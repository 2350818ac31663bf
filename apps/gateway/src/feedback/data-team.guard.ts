import { createHash, timingSafeEqual } from 'node:crypto';
import {
  Injectable,
  NotFoundException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { GatewayEnv } from '../config/gateway-env';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The token a request presents: `Authorization: Bearer <token>`, or as a Basic password (browsers). */
export function presentedToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return value;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

/**
 * Lets the data team in with the configured token, compared in constant time. Without a
 * configured token the routes are off (404), never open.
 */
@Injectable()
export class DataTeamGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(env: GatewayEnv) {
    this.expected = env.DATA_TEAM_TOKEN ? digest(env.DATA_TEAM_TOKEN) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected)
      throw new NotFoundException('The data team routes are off: DATA_TEAM_TOKEN is not set');
    const request = context.switchToHttp().getRequest<Request>();
    const token = presentedToken(request.headers.authorization);
    // Digests have equal lengths, so the comparison takes the same time whatever was sent.
    if (token !== undefined && timingSafeEqual(digest(token), this.expected)) return true;
    context
      .switchToHttp()
      .getResponse<Response>()
      .setHeader('WWW-Authenticate', 'Basic realm="data team", charset="UTF-8"');
    throw new UnauthorizedException('The data team token is missing or wrong');
  }
}
