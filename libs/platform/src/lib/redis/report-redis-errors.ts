import type { LoggerService } from '@nestjs/common';

interface ErrorSource {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** While Redis stays unreachable, the same error is logged at most this often. */
const repeatAfterMs = 30_000;

/**
 * Logs a queue's or worker's connection errors as structured warnings. Without a listener
 * BullMQ prints every reconnection attempt's stack trace; with this, an outage reads as one line
 * now and then, and the client keeps reconnecting by itself.
 */
export function reportRedisErrors(
  source: ErrorSource,
  logger: LoggerService,
  context: string,
): void {
  let last = '';
  let lastAt = 0;
  source.on('error', (error) => {
    const message = error.message;
    const now = Date.now();
    if (message === last && now - lastAt < repeatAfterMs) return;
    last = message;
    lastAt = now;
    logger.warn(`Redis error (reconnecting): ${message}`, context);
  });
}
