/**
 * `npm run bench`: the whole service under HTTP load, next to what the same machine does without
 * HTTP or queue (the in-process limit), in one run. Prints throughput, latency percentiles, the
 * reuse path's latency and the peak memory of the gateway and the worker.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InferenceService } from '@moderation/inference';
import { formatLoads, load, median, repeatUploadP50, type Load } from './http-load';
import {
  freshBodies,
  multipart,
  multipartHeaders,
  reviewPhotos,
  type Photo,
} from './review-photos';
import { distEntry, peakRssMb, startStack, type BenchStack } from './stack';

const cores = availableParallelism();
/** The worker's own defaults, spelled out so the in-process run uses exactly the same. */
const workerSettings = {
  INFERENCE_THREADS: String(Math.max(1, Math.ceil(cores / 2))),
  INFERENCE_WORKERS: '1',
  DECODE_CONCURRENCY: String(Math.max(1, cores - Math.ceil(cores / 2))),
  MAX_BATCH: '8',
  MAX_BATCH_DELAY_MS: '5',
  WORKER_CONCURRENCY: '32',
};
const durationSeconds = Number(process.env.BENCH_SECONDS ?? 15);

/** Sixteen 20 MB uploads at once: how much memory streaming them to disk costs the gateway. */
async function largeUploads(url: string): Promise<void> {
  const big = Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    randomBytes(20 * 1024 ** 2 - 4096),
  ]);
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      const response = await fetch(`${url}/predict`, {
        method: 'POST',
        headers: multipartHeaders,
        body: multipart(big),
      });
      await response.arrayBuffer();
    }),
  );
}

/** The same work without HTTP or queue: decode + model with the worker's threads and batching. */
async function inProcessLimit(photos: Photo[]): Promise<{ throughput: number; p50: number }> {
  const inference = await InferenceService.load({
    modelDir: resolve('var/models'),
    defaultModel: 'mobilenet_v2',
    intraOpThreads: Number(workerSettings.INFERENCE_THREADS),
    maxImagePixels: 50_000_000,
    threads: {
      count: Number(workerSettings.INFERENCE_WORKERS),
      script: distEntry('dist/apps/worker/inference-thread.js'),
    },
    batching: {
      maxBatch: Number(workerSettings.MAX_BATCH),
      maxDelayMs: Number(workerSettings.MAX_BATCH_DELAY_MS),
    },
    decodeConcurrency: Number(workerSettings.DECODE_CONCURRENCY),
  });
  try {
    for (const photo of photos) await inference.classifyOne(photo.bytes);
    const single: number[] = [];
    for (let i = 0; i < 60; i++) {
      const started = performance.now();
      await inference.classifyOne(photos[i % photos.length].bytes);
      single.push(performance.now() - started);
    }
    let next = 0;
    const total = 400;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < total) await inference.classifyOne(photos[next++ % photos.length].bytes);
      }),
    );
    return { throughput: (total * 1000) / (performance.now() - started), p50: median(single) };
  } finally {
    await inference.close();
  }
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `machine: ${cpu}, ${cores} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  console.log(
    `worker settings: ${Object.entries(workerSettings)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  const photos = await reviewPhotos();
  console.log(
    `photos: ${photos.map((p) => `${p.name} (${Math.round(p.bytes.length / 1024)} KB)`).join(', ')}`,
  );
  const body = await freshBodies(photos);

  let stack: BenchStack | undefined;
  const loads: Load[] = [];
  let repeatP50 = 0;
  let gatewayRss = 0;
  let workerRss = 0;
  let gatewayRssLarge = 0;
  try {
    stack = await startStack(workerSettings);
    await load(stack.url, 4, 5, body); // warm-up
    for (const connections of [1, 8, 32]) {
      loads.push(await load(stack.url, connections, durationSeconds, body));
      console.log(
        `${connections} connections done; peak RSS so far: gateway ${peakRssMb(stack.gatewayPid).toFixed(0)} MB, worker ${peakRssMb(stack.workerPids[0]).toFixed(0)} MB`,
      );
    }
    await sleep(2000); // the last jobs of the load finish: the reuse path is measured idle
    repeatP50 = await repeatUploadP50(stack.url, photos[1].bytes);
    gatewayRss = peakRssMb(stack.gatewayPid);
    workerRss = peakRssMb(stack.workerPids[0]);
    await largeUploads(stack.url);
    gatewayRssLarge = peakRssMb(stack.gatewayPid);
  } finally {
    await stack?.stop();
  }
  const limit = await inProcessLimit(photos);

  console.log('\nend to end (HTTP → gateway → Redis → worker → back), unique photos, mobilenet_v2');
  console.log(formatLoads(loads));
  const at1 = loads[0];
  const at32 = loads[2];
  console.log(
    '\nin-process limit (sharp + ONNX Runtime, same threads and batching, no HTTP, no queue)',
  );
  console.log(
    `  throughput at 32 in flight: ${limit.throughput.toFixed(1)} images/s; p50 one at a time: ${limit.p50.toFixed(1)} ms`,
  );
  console.log('\ngoals');
  console.log(
    `  throughput at 32 / in-process limit: ${((100 * at32.throughput) / limit.throughput).toFixed(0)}% (goal ≥ 80%)`,
  );
  console.log(
    `  p50 at 1 minus in-process p50:      ${(at1.p50 - limit.p50).toFixed(1)} ms (goal ≤ 5 ms)`,
  );
  console.log(`  repeat-upload p50 (reuse path):     ${repeatP50.toFixed(2)} ms (goal < 3 ms)`);
  console.log(
    `  gateway peak RSS, 16 × 20 MB uploads: ${gatewayRssLarge.toFixed(0)} MB (goal < 200 MB; ${gatewayRss.toFixed(0)} MB before them)`,
  );
  console.log(`  worker peak RSS, both models loaded: ${workerRss.toFixed(0)} MB (goal < 600 MB)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
