import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { RateLimitedError } from '../errors/gateway-errors';

/**
 * Nest's throttler guard, refusing with the gateway's own 429 (`rate-limited`, with a standard
 * `Retry-After`). Guards run before the upload is parsed, so a refused upload is never stored.
 */
@Injectable()
export class ClientRateLimitGuard extends ThrottlerGuard {
  /** One count per client and limit, whichever route it came through (`/predict` or the page). */
  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    limit: string,
  ): string {
    return `${limit}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new RateLimitedError(Math.max(1, Math.ceil(detail.timeToBlockExpire)));
  }
}
