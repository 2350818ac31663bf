import type { KeyValue } from '../idempotency/idempotency-store';
import type { ModerationRedis } from '../moderation/moderation-redis';

/** The few Redis string commands the idempotency store uses, in memory (expiry ignored). */
export function memoryKeyValue(): KeyValue & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    set: async (key, value, _ex, _seconds, nx) => {
      if (nx === 'NX' && entries.has(key)) return null;
      entries.set(key, value);
      return 'OK';
    },
    get: async (key) => entries.get(key) ?? null,
    del: async (key) => Number(entries.delete(key)),
  };
}

/** A ModerationRedis whose client is {@link memoryKeyValue}. */
export function memoryRedis(store = memoryKeyValue()): ModerationRedis {
  return { client: store } as unknown as ModerationRedis;
}
