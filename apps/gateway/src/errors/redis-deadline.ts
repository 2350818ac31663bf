import { within } from '@moderation/platform';
import { GatewayError, ServiceUnavailableError } from './gateway-errors';

/** How long a request's Redis commands may take before Redis counts as unreachable. */
export const redisDeadlineMs = 2000;

/**
 * Runs a request's Redis commands with a deadline: Redis unreachable or too slow is a 503 saying
 * what is unavailable (`unavailable`), never a hang. The service's own refusals pass as they are.
 */
export async function withRedisDeadline<T>(
  commands: () => Promise<T>,
  unavailable: string,
  {
    timeoutMs = redisDeadlineMs,
    onUnreachable,
  }: { timeoutMs?: number; onUnreachable?: () => void } = {},
): Promise<T> {
  try {
    return await within(timeoutMs, commands());
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    onUnreachable?.();
    throw new ServiceUnavailableError(unavailable);
  }
}
