/**
 * Process-level settings each app is started with, wherever it runs: the Docker images, `npm start`
 * and the benchmark all apply these, so memory measured here is what production sees. Values a
 * deployment sets itself win.
 */

/**
 * glibc's allocator raises its mmap threshold each time a large block is freed, after which big
 * buffers (uploads, decoded images, tensors) come from heaps it seldom returns to the system; and
 * every thread that allocates gets an arena of its own. A fixed 128 KiB threshold and two arenas
 * took the worker's peak under load from about 600–680 MB to about 430 MB, and the gateway's from
 * about 200 MB to 130–160 MB, at the same throughput (`npm run bench`, docs/benchmarks.md).
 */
const glibcMalloc = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

export const processTuning = {
  /** A 4 MB semi-space (V8 grows it to 16 MB) keeps the young generation of a request-heavy process small. */
  gateway: { ...glibcMalloc, NODE_OPTIONS: '--max-semi-space-size=4' },
  worker: { ...glibcMalloc },
} as const satisfies Record<'gateway' | 'worker', Record<string, string>>;

export type TunedApp = keyof typeof processTuning;

/** The environment to start an app with: its tuning, under whatever the caller already set. */
export function tunedEnv(app: TunedApp, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...processTuning[app], ...env };
}
