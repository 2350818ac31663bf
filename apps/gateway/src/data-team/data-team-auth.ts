import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { GatewayEnv } from '../config/gateway-env';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The header that makes browsers ask for the token (as a password) on a 401. */
export const dataTeamChallenge = 'Basic realm="data team", charset="UTF-8"';

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
 * Decides whether a request may use the data team's routes: with the configured token, compared
 * in constant time. Without a configured token the routes are off (404), never open.
 */
@Injectable()
export class DataTeamAuth {
  private readonly expected?: Buffer;

  constructor(env: GatewayEnv) {
    this.expected = env.DATA_TEAM_TOKEN ? digest(env.DATA_TEAM_TOKEN) : undefined;
  }

  /** Throws 404 when the routes are off, 401 without the right token. */
  authorize(authorization: string | undefined): void {
    if (!this.expected) {
      throw new NotFoundException('The data team routes are off: DATA_TEAM_TOKEN is not set');
    }
    const token = presentedToken(authorization);
    // Digests have equal lengths, so the comparison takes the same time whatever was sent.
    if (token !== undefined && timingSafeEqual(digest(token), this.expected)) return;
    throw new UnauthorizedException('The data team token is missing or wrong');
  }
}
