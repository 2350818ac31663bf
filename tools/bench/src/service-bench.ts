/**
 * `npm run bench`: the whole service under HTTP load, next to what the same machine does without
 * HTTP or queue (the in-process limit: the best of a grid of thread settings, not only the
 * worker's), in one run. Prints throughput, latency percentiles, the reuse path's latency and the
 * peak memory of the gateway and the worker.
 *
 * `BENCH_PHOTOS=phone` runs it on phone photos (12 and 48 MP JPEGs with EXIF orientation) instead
 * of review-size ones; `PREPROCESS_DECODE=exact|fast` sets the decode mode of the worker and of the
 * in-process runs alike; `INFERENCE_THREADS` and `DECODE_CONCURRENCY` replace the worker's defaults;
 * `BENCH_WARMUP_SECONDS` sets how long the service is loaded before it is measured (60).
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InferenceService } from '@moderation/inference';
import { distEntry } from '@moderation/processes';
import { cpuMeter } from './cpu-time';
import { designCeiling, loadDesignFloor, type FloorLoad } from './design-ceiling';
import {
  formatLoads,
  load,
  LoadBodies,
  median,
  repeatTimes,
  repeatUpload,
  SequentialClient,
  type Load,
  type RepeatUpload,
  type TimedAnswer,
} from './http-load';
import {
  freshPhotos,
  multipart,
  multipartHeaders,
  phonePhotos,
  reviewPhotos,
  type Photo,
} from './review-photos';
import { assertAllClassified } from './service-metrics';
import {
  peakRssMb,
  runWithWorkerTuning,
  startDesignFloor,
  startStack,
  type BenchStack,
} from './stack';

const cores = availableParallelism();
const decodeMode = process.env.PREPROCESS_DECODE === 'fast' ? 'fast' : 'exact';
const phoneSet = process.env.BENCH_PHOTOS === 'phone';

/**
 * The worker's own defaults, spelled out so the one-at-a-time comparison runs in process with
 * exactly the same (decoding: one per core, which the worker's memory cap leaves whole on a
 * machine with at least 0.75 GB of memory per core at the default MAX_IMAGE_PIXELS).
 */
const workerSettings = {
  // Either may be set to measure the service with other threads against the same limit.
  INFERENCE_THREADS: process.env.INFERENCE_THREADS ?? '1',
  INFERENCE_WORKERS: '1',
  DECODE_CONCURRENCY: process.env.DECODE_CONCURRENCY ?? String(cores),
  MAX_BATCH: '8',
  MAX_BATCH_DELAY_MS: '5',
  WORKER_CONCURRENCY: '16',
  PREPROCESS_DECODE: decodeMode,
};
const durationSeconds = Number(process.env.BENCH_SECONDS ?? 15);
/**
 * Load before anything is measured, in 10 s windows at 16 connections. The gateway and the worker
 * are JavaScript compiled as they run: over their first few thousand requests V8 keeps optimising
 * more of the code each request runs, and their CPU per image falls by a third or more (see
 * docs/benchmarks.md). A service in production has long passed that; the benchmark measures the
 * same steady state, and prints each window so the curve shows it was reached.
 */
const warmUpSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 60);
/** `BENCH_CONNECTIONS=16,32` loads the service at those levels only. */
const loadLevels = (process.env.BENCH_CONNECTIONS ?? '1,8,16,32').split(',').map(Number);

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

/** Thread settings of one in-process run. */
interface Threads {
  intraOp: number;
  workers: number;
  decodes: number;
}

const workerThreads: Threads = {
  intraOp: Number(workerSettings.INFERENCE_THREADS),
  workers: Number(workerSettings.INFERENCE_WORKERS),
  decodes: Number(workerSettings.DECODE_CONCURRENCY),
};

/**
 * Every thread setting the limit is sought among: intra-op threads 1..cores × inference threads
 * 1..2 (no more model threads than cores: beyond that they only take turns) × decodes 1..cores.
 */
function threadGrid(): Threads[] {
  const grid: Threads[] = [];
  for (const workers of [1, 2]) {
    for (let intraOp = 1; intraOp * workers <= cores; intraOp++) {
      for (let decodes = 1; decodes <= cores; decodes++) grid.push({ intraOp, workers, decodes });
    }
  }
  return grid;
}

const describeThreads = (t: Threads) =>
  `INFERENCE_THREADS=${t.intraOp} INFERENCE_WORKERS=${t.workers} DECODE_CONCURRENCY=${t.decodes}`;

/** The same work without HTTP or queue: decode + model with the given threads, the worker's batching. */
function loadInProcess(threads: Threads): Promise<InferenceService> {
  return InferenceService.load({
    modelDir: resolve('var/models'),
    defaultModel: 'mobilenet_v2',
    intraOpThreads: threads.intraOp,
    maxImagePixels: 50_000_000,
    threads: {
      count: threads.workers,
      script: distEntry(process.cwd(), 'apps/worker', 'inference-thread.js'),
    },
    batching: {
      maxBatch: Number(workerSettings.MAX_BATCH),
      maxDelayMs: Number(workerSettings.MAX_BATCH_DELAY_MS),
    },
    decodeConcurrency: threads.decodes,
    decodeMode,
  });
}

interface Throughput {
  throughput: number;
  cpuMsPerImage: number;
}

/** One in-process run: 32 photos in flight, with the machine to itself. */
async function inProcessThroughput(
  inference: InferenceService,
  photos: Photo[],
): Promise<Throughput> {
  let next = 0;
  // Phone photos take up to ten times as long each (exact ones forty): fewer of them measure as
  // well, and the grid stays within minutes.
  const total = phoneSet ? (decodeMode === 'exact' ? 40 : 100) : 400;
  const meter = cpuMeter({ self: process.pid });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < total) await inference.classifyOne(photos[next++ % photos.length].bytes);
    }),
  );
  return {
    throughput: (total * 1000) / (performance.now() - started),
    cpuMsPerImage: meter().self / total,
  };
}

interface GridPoint extends Throughput {
  threads: Threads;
}

/**
 * Every setting of the grid in process, each loaded fresh, warmed up on every photo, measured,
 * then closed: the best of them is the limit the service is held against.
 */
async function inProcessLimit(photos: Photo[]): Promise<GridPoint[]> {
  const points: GridPoint[] = [];
  for (const threads of threadGrid()) {
    const inference = await loadInProcess(threads);
    try {
      for (const photo of photos) await inference.classifyOne(photo.bytes);
      points.push({ threads, ...(await inProcessThroughput(inference, photos)) });
    } finally {
      await inference.close();
    }
  }
  return points;
}

function formatGrid(points: GridPoint[], best: GridPoint): string {
  const rows = points.map((p) => {
    const marks = [
      p === best ? '← the limit' : '',
      sameThreads(p.threads, workerThreads) ? "(the worker's)" : '',
    ].filter(Boolean);
    const mark = marks.length > 0 ? `  ${marks.join(' ')}` : '';
    return `${String(p.threads.intraOp).padStart(9)}${String(p.threads.workers).padStart(9)}${String(p.threads.decodes).padStart(9)}${p.throughput.toFixed(1).padStart(11)}${p.cpuMsPerImage.toFixed(1).padStart(12)}${mark}`;
  });
  return [
    `${'intra-op'.padStart(9)}${'workers'.padStart(9)}${'decodes'.padStart(9)}${'images/s'.padStart(11)}${'CPU ms/img'.padStart(12)}`,
    ...rows,
  ].join('\n');
}

const sameThreads = (a: Threads, b: Threads) =>
  a.intraOp === b.intraOp && a.workers === b.workers && a.decodes === b.decodes;

interface OneAtATime {
  photo: string;
  service: number[];
  inProcess: number[];
  /** The same bytes through the design floor: HTTP, hash, store, queue, a worker with no model. */
  floor: number[];
  /** The service's time beyond the worker's: everything but decoding and the model. */
  overhead: number[];
  /** The worker's own time: reading the stored upload, decoding, the model. */
  worker: number[];
  /** Client latency minus the gateway's wait for the job: HTTP, upload handling, response. */
  http: number[];
  /** The gateway's wait minus the worker's time: Redis, the queue hand-off, the completion event. */
  queue: number[];
  /** The HTTP part by the gateway's Server-Timing stages. */
  upload: number[];
  store: number[];
  moderation: number[];
  /** The rest of the gateway's own time: availability, model and policy look-ups, the verdict. */
  gatewayOther: number[];
  /** Outside the gateway's handling: HTTP parsing before it, writing the answer, the network, the client. */
  outside: number[];
}

function noTimesYet(photo: string): OneAtATime {
  return {
    photo,
    service: [],
    inProcess: [],
    floor: [],
    overhead: [],
    worker: [],
    http: [],
    queue: [],
    upload: [],
    store: [],
    moderation: [],
    gatewayOther: [],
    outside: [],
  };
}

/** How an answer's HTTP time (all but the gateway's wait for the job) splits by stage. */
function httpStages({ ms, totalMs, stages }: TimedAnswer) {
  const { upload = 0, store = 0, moderation = 0, total = 0 } = stages;
  return {
    upload,
    store,
    moderation,
    gatewayOther: total - totalMs - upload - store - moderation,
    outside: ms - total,
  };
}

/**
 * One photo at a time, each through the service, then through the design floor, then in process,
 * on the same fresh bytes: the latencies are taken side by side, so a machine that runs faster or
 * slower from minute to minute (a virtual machine does) moves all of them, and the photo mix is
 * exactly the same.
 */
async function oneAtATime(
  url: string,
  floorUrl: string,
  inference: InferenceService,
  photos: Photo[],
  rounds: number,
): Promise<OneAtATime[]> {
  const next = freshPhotos(photos);
  const client = new SequentialClient(url);
  const floor = new SequentialClient(floorUrl);
  const byPhoto = new Map(photos.map((p) => [p.name, noTimesYet(p.name)]));
  try {
    for (let i = 0; i < rounds * photos.length + photos.length; i++) {
      const { photo, bytes } = next();
      const answer = await client.predict(bytes);
      const floorMs = await floor.time(bytes);
      const started = performance.now();
      await inference.classifyOne(bytes);
      const inProcess = performance.now() - started;
      if (i < photos.length) continue; // warm-up: one of each
      const times = byPhoto.get(photo.name);
      times?.service.push(answer.ms);
      times?.inProcess.push(inProcess);
      times?.floor.push(floorMs);
      times?.overhead.push(answer.ms - answer.inferenceMs);
      times?.worker.push(answer.inferenceMs);
      times?.http.push(answer.ms - answer.totalMs);
      times?.queue.push(answer.totalMs - answer.inferenceMs);
      if (times) {
        for (const [stage, ms] of Object.entries(httpStages(answer))) {
          times[stage as keyof ReturnType<typeof httpStages>].push(ms);
        }
      }
    }
  } finally {
    client.close();
    floor.close();
  }
  return [...byPhoto.values()];
}

function formatCpu(loads: Load[], cpu: Record<string, number>[]): string {
  const names = Object.keys(cpu[0] ?? {});
  const header = `${'connections'.padStart(11)}${names.map((n) => n.padStart(16)).join('')}${'all'.padStart(8)}`;
  const rows = loads.map((l, i) => {
    const perImage = names.map((n) => cpu[i][n] / Math.max(1, l.answered));
    const all = perImage.reduce((sum, ms) => sum + ms, 0);
    return `${String(l.connections).padStart(11)}${perImage.map((ms) => ms.toFixed(1).padStart(16)).join('')}${all.toFixed(1).padStart(8)}`;
  });
  return [header, ...rows].join('\n');
}

function formatFloorLoads(floorLoads: FloorLoad[]): string {
  const rates = floorLoads.map(
    (f) =>
      `  ${f.load.connections} connections: ${f.load.throughput.toFixed(1)} images/s (the service's: ${f.rate.toFixed(1)})`,
  );
  const cpu = formatCpu(
    floorLoads.map((f) => f.load),
    floorLoads.map((f) => f.cpuMs),
  );
  return [...rates, cpu].join('\n');
}

type Timed = Exclude<keyof OneAtATime, 'photo'>;

/** One row per photo and one for all of them: the p50 of each column, in ms. */
function medianTable(
  rows: OneAtATime[],
  columns: [header: string, value: (p50: (key: Timed) => number) => number][],
): string {
  const line = (label: string, p50: (key: Timed) => number) =>
    `  ${label.padEnd(12)}${columns.map(([, value]) => value(p50).toFixed(1).padStart(11)).join('')}`;
  return [
    `  ${'photo'.padEnd(12)}${columns.map(([header]) => header.padStart(11)).join('')}`,
    ...rows.map((row) => line(row.photo, (key) => median(row[key]))),
    line('all', (key) => median(rows.flatMap((row) => row[key]))),
  ].join('\n');
}

function formatOneAtATime(rows: OneAtATime[]): string {
  return medianTable(rows, [
    ['service', (p50) => p50('service')],
    ['in-process', (p50) => p50('inProcess')],
    ['difference', (p50) => p50('service') - p50('inProcess')],
    ['HTTP', (p50) => p50('http')],
    ['queue', (p50) => p50('queue')],
    ['worker', (p50) => p50('worker')],
    ['floor', (p50) => p50('floor')],
    ['beyond it', (p50) => p50('overhead') - p50('floor')],
  ]);
}

function formatHttpStages(rows: OneAtATime[]): string {
  return medianTable(rows, [
    ['HTTP', (p50) => p50('http')],
    ['upload', (p50) => p50('upload')],
    ['store', (p50) => p50('store')],
    ['moderation', (p50) => p50('moderation')],
    ['other', (p50) => p50('gatewayOther')],
    ['outside', (p50) => p50('outside')],
  ]);
}

async function main(): Promise<void> {
  runWithWorkerTuning();
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `machine: ${cpuModel}, ${cores} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  console.log(
    `worker settings: ${Object.entries(workerSettings)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  const photos = phoneSet ? await phonePhotos() : await reviewPhotos();
  const bodies = new LoadBodies(photos).prepare(Math.max(16, ...loadLevels));
  console.log(
    `photos: ${photos.map((p) => `${p.name} (${Math.round(p.bytes.length / 1024)} KB)`).join(', ')}`,
  );

  let stack: BenchStack | undefined;
  const loads: Load[] = [];
  const cpu: Record<string, number>[] = [];
  let single: OneAtATime[] = [];
  let repeat: RepeatUpload = { p50: 0, stages: {} };
  let repeatFloor = 0;
  let gatewayRss = 0;
  let workerRss = 0;
  let gatewayRssLarge = 0;
  // The grid first, on a machine to itself: it decides which setting the service is held against.
  const grid = await inProcessLimit(photos);
  const limit = grid.reduce((a, b) => (b.throughput > a.throughput ? b : a));
  // The limit again right after each load: a virtual machine runs faster or slower from minute to
  // minute, so each load is compared with the limit measured next to it, not minutes apart.
  const inference = await loadInProcess(workerThreads);
  for (const photo of photos) await inference.classifyOne(photo.bytes);
  // Usually the worker's own setting wins: then the same loaded library measures both.
  const best = sameThreads(limit.threads, workerThreads)
    ? inference
    : await loadInProcess(limit.threads);
  const limitBeside: Throughput[] = [];
  const floorLoads: FloorLoad[] = [];
  try {
    stack = await startStack(workerSettings);
    const warmUp: Load[] = [];
    for (let left = Math.max(warmUpSeconds, 5); left > 0; left -= 10) {
      warmUp.push(await load(stack.url, 16, Math.min(10, left), bodies));
    }
    console.log(
      `warm-up, 16 connections, images/s per 10 s window: ${warmUp.map((l) => l.throughput.toFixed(1)).join(', ')}`,
    );
    // A CPU profile's sample times are on this clock: the loads' window picks them out.
    const loadsStarted = process.hrtime.bigint() / 1000n;
    for (const connections of loadLevels) {
      const meter = cpuMeter({
        gateway: stack.gatewayPid,
        worker: stack.workerPids[0],
        redis: stack.redisPid,
        'load generator': process.pid,
      });
      loads.push(await load(stack.url, connections, durationSeconds, bodies));
      cpu.push(meter());
      await sleep(1000); // the load's last answers
      limitBeside.push(await inProcessThroughput(best, photos));
      console.log(
        `${connections} connections done; peak RSS so far: gateway ${peakRssMb(stack.gatewayPid).toFixed(0)} MB, worker ${peakRssMb(stack.workerPids[0]).toFixed(0)} MB`,
      );
    }
    if (process.env.BENCH_CPU_PROFILE_DIR) {
      console.log(
        `loads ran from ${loadsStarted} to ${process.hrtime.bigint() / 1000n} µs (monotonic clock)`,
      );
    }
    await sleep(2000); // the last jobs of the load finish: what follows runs on an idle service
    const counts = await assertAllClassified(stack.url, [...warmUp, ...loads]);
    console.log(
      `every answer of the loads came from the worker: ${counts.classified} classified, ${counts.reused} reused`,
    );
    for (const serviceLoad of loads.filter((l) => l.connections >= 16)) {
      floorLoads.push(
        await loadDesignFloor(
          { url: stack.redisUrl, pid: stack.redisPid },
          serviceLoad.connections,
          serviceLoad.throughput,
          durationSeconds,
          bodies,
        ),
      );
    }
    const floor = await startDesignFloor(stack.redisUrl);
    try {
      single = await oneAtATime(stack.url, floor.url, inference, photos, phoneSet ? 6 : 20);
      repeat = await repeatUpload(stack.url, photos[1].bytes);
      repeatFloor = await repeatTimes(floor.url, photos[1].bytes);
    } finally {
      await floor.stop();
    }
    gatewayRss = peakRssMb(stack.gatewayPid);
    workerRss = peakRssMb(stack.workerPids[0]);
    await largeUploads(stack.url);
    gatewayRssLarge = peakRssMb(stack.gatewayPid);
  } finally {
    await stack?.stop();
    await Promise.all([inference.close(), best !== inference && best.close()]);
  }

  console.log(
    `\nend to end (HTTP → gateway → Redis → worker → back), unique ${phoneSet ? 'phone' : 'review'} photos, mobilenet_v2, ${decodeMode} decoding`,
  );
  console.log(formatLoads(loads));
  console.log('\nCPU time per answered image, ms, by process (all share the same cores)');
  console.log(formatCpu(loads, cpu));
  if (floorLoads.length > 0) {
    console.log(
      "\nthe design floor under the same loads, its worker finishing photos at the service's rate in place of\nthe model: images/s, and CPU time per answered image, ms, by process",
    );
    console.log(formatFloorLoads(floorLoads));
  }
  console.log(
    "\nin process (sharp + ONNX Runtime, the worker's batching, no HTTP, no queue), 32 in flight, by thread setting:",
  );
  console.log(formatGrid(grid, limit));
  console.log(
    `in-process limit: ${limit.throughput.toFixed(1)} images/s, ${limit.cpuMsPerImage.toFixed(1)} ms of CPU per image, with ${describeThreads(limit.threads)}`,
  );
  console.log(
    '\none at a time, each photo through the service, the design floor and in process: p50 ms of each photo;\n' +
      'HTTP = upload, checks and answer around the job; queue = Redis hand-off and completion event;\n' +
      'worker = reading the upload, decoding and the model in the worker; floor = the same bytes through\n' +
      'bare node:http, hashing, storing, a BullMQ job to a worker that reads the file and runs no model,\n' +
      "and its completion event (the design and nothing else); beyond it = the service's time beyond\n" +
      "the worker's, minus the floor",
  );
  console.log(formatOneAtATime(single));
  console.log(
    "\nthe HTTP part by the gateway's Server-Timing stages, p50 ms: upload = middleware, guards and\n" +
      'receiving, parsing and hashing the upload; store = writing it; moderation = recording it;\n' +
      "other = the gateway's look-ups and verdict; outside = HTTP before and after the gateway's handling,\n" +
      'the network and the client',
  );
  console.log(formatHttpStages(single));
  const serviceP50 = median(single.flatMap((r) => r.service));
  const inProcessP50 = median(single.flatMap((r) => r.inProcess));
  const floorP50 = median(single.flatMap((r) => r.floor));
  const overheadP50 = median(single.flatMap((r) => r.overhead));
  console.log('\ngoals');
  loads.forEach((l, i) => {
    if (l.connections < 16) return;
    const beside = limitBeside[i];
    console.log(
      `  throughput at ${l.connections} / in-process limit: ${((100 * l.throughput) / beside.throughput).toFixed(0)}% (goal ≥ 80%; ${l.throughput.toFixed(1)} / ${beside.throughput.toFixed(1)} measured right after it; ${((100 * l.throughput) / limit.throughput).toFixed(0)}% of the grid's)`,
    );
    const floor = floorLoads.find((f) => f.load.connections === l.connections);
    if (!floor) return;
    console.log(
      `    the design floor at that load spends ${floor.cpuMsPerImage.toFixed(1)} ms of CPU per image; with the limit's ${beside.cpuMsPerImage.toFixed(1)} ms of work, the design allows about ${(100 * designCeiling(beside, floor.cpuMsPerImage, cores)).toFixed(0)}%`,
    );
  });
  console.log(
    `  p50 one at a time minus in-process:  ${(serviceP50 - inProcessP50).toFixed(1)} ms (goal ≤ 5 ms; each photo both ways in turn, the worker's threads)`,
  );
  console.log(
    `    the design floor beside it: ${floorP50.toFixed(1)} ms p50 for the same photos with no model; the service's time beyond the worker's, ${overheadP50.toFixed(1)} ms, is ${(overheadP50 - floorP50).toFixed(1)} ms more`,
  );
  console.log(`  repeat-upload p50 (reuse path):     ${repeat.p50.toFixed(2)} ms (goal < 3 ms)`);
  console.log(
    `    the design floor's repeat upload: ${repeatFloor.toFixed(2)} ms p50; the service's is ${(repeat.p50 - repeatFloor).toFixed(2)} ms more`,
  );
  console.log(
    `    its stages, p50 ms: ${Object.entries(repeat.stages)
      .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
      .join(', ')}`,
  );
  console.log(
    `  gateway peak RSS, 16 × 20 MB uploads: ${gatewayRssLarge.toFixed(0)} MB (goal < 200 MB; ${gatewayRss.toFixed(0)} MB before them)`,
  );
  console.log(`  worker peak RSS, both models loaded: ${workerRss.toFixed(0)} MB (goal < 600 MB)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
