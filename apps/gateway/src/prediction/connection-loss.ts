import { EventEmitter } from 'node:events';

/** A Redis connection that waiting requests depend on has closed. */
export class RedisConnectionLostError extends Error {
  constructor() {
    super('the Redis connection of the prediction events dropped');
    this.name = 'RedisConnectionLostError';
  }
}

/**
 * Makes waits fail at once when a connection they depend on closes. Each wait listens only while
 * it lasts, so thousands of finished waits leave nothing behind.
 */
export class ConnectionLoss {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per waiting request; hundreds may wait.
    this.emitter.setMaxListeners(0);
  }

  /** Fails every wait in progress. */
  signal(): void {
    this.emitter.emit('lost');
  }

  /** The outcome of `waiting`, or a {@link RedisConnectionLostError} if the connection closes first. */
  race<T>(waiting: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onLost = () => reject(new RedisConnectionLostError());
      this.emitter.once('lost', onLost);
      waiting
        .then(resolve, reject)
        .finally(() => this.emitter.off('lost', onLost))
        .catch(() => undefined);
    });
  }

  /** Waits in progress. */
  get waiting(): number {
    return this.emitter.listenerCount('lost');
  }
}
