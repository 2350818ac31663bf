import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { GatewayEnv } from '../config/gateway-env';
import type { Credential } from '../config/credentials';
import { presentedToken } from '../data-team/data-team-auth';

/** Who is calling a moderation route: a moderator (a person) or a shop's backend. */
export interface Principal {
  kind: 'moderator' | 'api-key';
  name: string;
}

/** The header that makes browsers ask for the token (as a password) on a 401. */
export const moderatorChallenge = 'Basic realm="moderation", charset="UTF-8"';

const digest = (text: string) => createHash('sha256').update(text).digest();

interface Known extends Principal {
  digest: Buffer;
}

/**
 * Decides who presents which credential. Every configured secret is compared in constant time,
 * and all of them each time, so neither the answer's timing nor its content tells which one came
 * close.
 */
@Injectable()
export class ModerationAuth {
  private readonly known: Known[];

  constructor(env: GatewayEnv) {
    const entry = (kind: Principal['kind']) => (credential: Credential) => ({
      kind,
      name: credential.name,
      digest: digest(credential.secret),
    });
    this.known = [...env.moderators.map(entry('moderator')), ...env.apiKeys.map(entry('api-key'))];
  }

  /** Throws 404 when no credential of the allowed kinds is configured, 401 without a valid one. */
  authorize(authorization: string | undefined, allowed: Principal['kind'][]): Principal {
    const candidates = this.known.filter((known) => allowed.includes(known.kind));
    if (candidates.length === 0) {
      throw new NotFoundException(
        allowed.includes('api-key')
          ? 'The moderation routes are off: neither MODERATOR_TOKENS nor API_KEYS is set'
          : 'The moderation routes are off: MODERATOR_TOKENS is not set',
      );
    }
    const token = presentedToken(authorization);
    const presented = digest(token ?? '');
    let match: Known | undefined;
    for (const known of candidates) {
      if (timingSafeEqual(presented, known.digest) && token !== undefined) match ??= known;
    }
    if (match) return { kind: match.kind, name: match.name };
    throw new UnauthorizedException(
      allowed.includes('api-key')
        ? 'A moderator token or an API key is required (Authorization: Bearer …)'
        : 'A moderator token is required (Authorization: Bearer …)',
    );
  }
}
