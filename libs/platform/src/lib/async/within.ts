/** Thrown by {@link within} when the time is up. */
export class DeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * The promise's outcome, or a {@link DeadlineError} after `ms`: Redis commands queue up while
 * Redis is unreachable, and nothing (a request, a health probe, a metrics scrape) may wait on
 * them for ever.
 */
export async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DeadlineError(ms)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
