import { applyDecorators, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ClientRateLimitGuard } from './client-rate-limit.guard';

/** The separately counted limits: predictions and feedback reports. */
export enum RateLimit {
  Predict = 'predict',
  Feedback = 'feedback',
}

/** Counts the route's requests per client against one limit, and not against the others. */
export function RateLimited(limit: RateLimit): MethodDecorator & ClassDecorator {
  const others = Object.values(RateLimit).filter((other) => other !== limit);
  return applyDecorators(
    UseGuards(ClientRateLimitGuard),
    SkipThrottle(Object.fromEntries(others.map((other) => [other, true]))),
  );
}
