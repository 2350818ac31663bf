/**
 * `npm run bench:scale`: the same HTTP load against three worker layouts on this machine: one
 * worker process with one inference thread, two such processes, and one process with two
 * inference threads. Says whether scaling out by processes (`docker compose up --scale worker=N`)
 * or up by threads serves more images on the same cores.
 */
import { availableParallelism } from 'node:os';
import { formatLoads, load, LoadBodies, type Load } from './http-load';
import { reviewPhotos } from './review-photos';
import { assertAllClassified } from './service-metrics';
import { peakRssMb, startStack } from './stack';

interface Layout {
  name: string;
  workers: number;
  env: Record<string, string>;
}

const common = { MAX_BATCH: '8', MAX_BATCH_DELAY_MS: '5', WORKER_CONCURRENCY: '16' };
const layouts: Layout[] = [
  {
    name: '1 worker × 1 inference thread',
    workers: 1,
    env: { ...common, INFERENCE_THREADS: '1', DECODE_CONCURRENCY: '1' },
  },
  {
    name: '2 workers × 1 inference thread',
    workers: 2,
    env: { ...common, INFERENCE_THREADS: '1', DECODE_CONCURRENCY: '1' },
  },
  {
    name: '1 worker × 2 inference threads',
    workers: 1,
    env: { ...common, INFERENCE_THREADS: '2', DECODE_CONCURRENCY: '1' },
  },
];
const seconds = Number(process.env.BENCH_SECONDS ?? 15);

async function main(): Promise<void> {
  console.log(`${availableParallelism()} cores; ${seconds} s per level; model mobilenet_v2`);
  const bodies = new LoadBodies(await reviewPhotos()).prepare(32);
  const summary: string[] = [];
  for (const layout of layouts) {
    const stack = await startStack(layout.env, layout.workers);
    const loads: Load[] = [];
    let workersRss = 0;
    try {
      const warmUp = await load(stack.url, 4, 5, bodies);
      for (const connections of [8, 32])
        loads.push(await load(stack.url, connections, seconds, bodies));
      await assertAllClassified(stack.url, [warmUp, ...loads]);
      workersRss = stack.workerPids.reduce((sum, pid) => sum + peakRssMb(pid), 0);
    } finally {
      await stack.stop();
    }
    console.log(`\n${layout.name}  (${describe(layout.env)})`);
    console.log(formatLoads(loads));
    console.log(`worker peak RSS, all processes: ${workersRss.toFixed(0)} MB`);
    summary.push(
      `${layout.name.padEnd(32)} ${loads.map((l) => l.throughput.toFixed(1).padStart(8)).join(' ')} ${workersRss.toFixed(0).padStart(8)}`,
    );
  }
  console.log('\nlayout                            @8 img/s @32 img/s  RSS MB');
  console.log(summary.join('\n'));
}

function describe(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
