import type { INestApplicationContext, LoggerService } from '@nestjs/common';

/** Longest a graceful shutdown may take before the process gives up on it. */
const shutdownLimitMs = 25_000;

export interface ShutdownOptions {
  /**
   * Runs before the app closes, e.g. answering the HTTP requests in flight while the queues are
   * still connected: Nest closes its HTTP server only after the modules' shutdown hooks.
   */
  drain?: () => Promise<void>;
}

/**
 * Closes the app on SIGTERM or SIGINT (Nest's shutdown hooks close BullMQ workers, which let
 * their active jobs finish) and exits 0 once done. A second signal, or a shutdown that outlives
 * the limit, exits 1 at once: an operator's second Ctrl-C means "now". A process started with an
 * IPC channel also shuts down when its parent goes away.
 */
export function closeOnSignals(
  app: INestApplicationContext,
  logger: LoggerService,
  { drain = async () => undefined }: ShutdownOptions = {},
): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn(`${signal} again: exiting without finishing the shutdown`, 'Shutdown');
      process.exit(1);
    }
    closing = true;
    logger.log(`${signal}: finishing in-flight work, then exiting`, 'Shutdown');
    setTimeout(() => {
      logger.error(
        `shutdown took longer than ${shutdownLimitMs} ms: exiting`,
        undefined,
        'Shutdown',
      );
      process.exit(1);
    }, shutdownLimitMs).unref();
    drain()
      .then(() => app.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(`shutdown failed: ${String(error)}`, undefined, 'Shutdown');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // Started by the launcher with an IPC channel: when the launcher dies, even by SIGKILL, the
  // channel closes, and the app shuts down instead of living on as an orphan.
  if (process.connected) {
    process.once('disconnect', () => onSignal('SIGTERM'));
  } else if (process.send) {
    // The channel closed while the app was still starting (loading models takes seconds).
    onSignal('SIGTERM');
  }
}
