import {
  ForbiddenException,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';

/**
 * Refuses a form post that another site made a moderator's browser send (the browser adds the
 * remembered login to it). Browsers say where a request comes from in `Sec-Fetch-Site`, or at
 * least `Origin`; a request with neither comes from a client that is not a browser.
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined) {
      if (site === 'same-origin' || site === 'none') return true;
      throw new ForbiddenException('Moderation forms are only accepted from this site');
    }
    const origin = request.headers.origin;
    // The host alone: behind a proxy that ends TLS the scheme seen here is not the browser's.
    if (origin === undefined || hostOf(origin) === request.headers.host) return true;
    throw new ForbiddenException('Moderation forms are only accepted from this site');
  }
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
