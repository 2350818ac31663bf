import { setFlagsFromString } from 'node:v8';

/**
 * Process-level settings each app is started with, wherever it runs: the Docker images, `npm start`
 * and the benchmark all apply these, so memory measured here is what production sees. Values a
 * deployment sets itself win.
 */

/**
 * glibc's allocator raises its mmap threshold each time a large block is freed, after which big
 * buffers (uploads, decoded images, tensors) come from heaps it seldom returns to the system; and
 * every thread that allocates gets an arena of its own. A fixed threshold and two arenas took the
 * worker's peak under load from about 600–680 MB to 430–480 MB (`npm run bench`,
 * docs/benchmarks.md).
 */
const glibcMalloc = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

export const processTuning = {
  /** A 4 MB semi-space (V8 grows it to 16 MB) keeps the young generation of a request-heavy process small. */
  gateway: { ...glibcMalloc, NODE_OPTIONS: '--max-semi-space-size=4' },
  /**
   * At 1 MiB, small decoded photos and tensors reuse heap memory while large decodes are still
   * returned at once. At 128 KiB each of them is a fresh mapping whose pages fault in again: 12–20%
   * less throughput in process, for 30–50 MB less memory.
   */
  worker: { ...glibcMalloc, MALLOC_MMAP_THRESHOLD_: '1048576' },
} as const satisfies Record<'gateway' | 'worker', Record<string, string>>;

export type TunedApp = keyof typeof processTuning;

/** The environment to start an app with: its tuning, under whatever the caller already set. */
export function tunedEnv(app: TunedApp, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...processTuning[app], ...env };
}

/**
 * V8 settings Node does not take from `NODE_OPTIONS`, so each app applies its own when it starts.
 *
 * After a full collection V8 lets the old generation grow to as much as four times what survived
 * before collecting it again. The gateway's live objects are about 35 MB, but each request's
 * objects outlive its small young generation (they wait for the worker), so garbage reaches the
 * old generation at a few MB/s. Left to V8 the gateway grew to 190–210 MB before each full
 * collection; at 50% growth it stayed at 115–125 MB but collected every 150 ms under load, which
 * was 30% of its CPU on phone photos. At 100% it holds 150–185 MB and a repeated phone photo
 * costs 37% less gateway CPU than at 50%; V8's own choice saved another 10% but took the gateway
 * over 200 MB (docs/benchmarks.md).
 */
export const v8Tuning = {
  gateway: ['--heap-growing-percent=100'],
  worker: [],
} as const satisfies Record<TunedApp, readonly string[]>;

/** Applies an app's {@link v8Tuning}; call it first thing in the app's entry point. */
export function applyV8Tuning(app: TunedApp): void {
  for (const flag of v8Tuning[app]) setFlagsFromString(flag);
}
