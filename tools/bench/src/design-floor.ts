/**
 * The least the service's required design can cost one photo on this machine: an HTTP upload
 * received, hashed and stored under its content name, a BullMQ job added for it, a worker that
 * takes the job and reads the stored file but runs no model, and the job's completion event
 * awaited before the answer; bytes stored before are answered from their finished job. Nothing
 * else: no framework, no checks, no records.
 *
 * `npm run bench` runs the two roles of this file as processes of their own next to the service.
 * It times them photo by photo beside it, so the one-at-a-time goal can be read against what the
 * design itself costs on the machine at that moment; and it loads them as it loads the service, so
 * the throughput goals can be read against the CPU the design itself spends on each photo. Run as
 * `design-floor.js gateway <port>` or `design-floor.js worker`, with REDIS_URL and UPLOAD_DIR in
 * the environment; FLOOR_RATE (0: none) lets the worker finish at most that many jobs a second, as
 * a model of that speed would, without using the CPU, so a load runs at the service's rate.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { access, link, open, readFile, unlink } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { redisConnectionOptions } from '@moderation/platform';

/** A queue of its own on the benchmark's Redis: the floor never touches the service's queues. */
const designFloorQueue = 'bench-design-floor';

const answerTimeoutMs = 30_000;

/**
 * The file part of a multipart body, found the cheapest way: after the first part's headers and
 * before the closing boundary. The floor is only ever sent one part.
 */
function filePart(body: Buffer): Buffer {
  const boundary = body.subarray(0, body.indexOf('\r\n'));
  const start = body.indexOf('\r\n\r\n') + 4;
  const end = body.lastIndexOf(Buffer.concat([Buffer.from('\r\n'), boundary]));
  if (boundary.length < 3 || start < 4 || end < start)
    throw new Error('not a one-part multipart body');
  return body.subarray(start, end);
}

/** Writes the bytes beside their content name, then links them to it: the service's atomic store. */
async function store(dir: string, bytes: Buffer, name: string): Promise<void> {
  const temporary = join(dir, `.floor-${randomUUID()}`);
  const file = await open(temporary, 'wx', 0o640);
  try {
    await file.write(bytes);
  } finally {
    await file.close();
  }
  try {
    await link(temporary, join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
}

function stored(dir: string, name: string): Promise<boolean> {
  return access(join(dir, name)).then(
    () => true,
    () => false,
  );
}

/**
 * Adds a photo's job and waits for its completion event, listening from before the add as the
 * service does, so no look at the job is needed after it.
 */
function addAndWait(queue: Queue, events: EventEmitter, name: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const completed = `completed:${name}`;
    const onCompleted = ({ returnvalue }: { returnvalue: unknown }) => {
      clearTimeout(timer);
      resolve(returnvalue);
    };
    const giveUp = (error: Error) => {
      clearTimeout(timer);
      events.off(completed, onCompleted);
      reject(error);
    };
    const timer = setTimeout(
      () => giveUp(new Error(`no answer to job ${name} in ${answerTimeoutMs} ms`)),
      answerTimeoutMs,
    );
    events.once(completed, onCompleted);
    queue.add('read', { name }, { jobId: name }).catch(giveUp);
  });
}

async function runGateway(port: number, redisUrl: string, dir: string): Promise<void> {
  const connection = redisConnectionOptions(redisUrl);
  const queue = new Queue(designFloorQueue, { connection });
  const events = new QueueEvents(designFloorQueue, { connection });
  // Each answer in wait listens for its job's end: under load, dozens at once.
  events.setMaxListeners(0);
  await events.waitUntilReady();
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const bytes = filePart(Buffer.concat(chunks));
    const name = createHash('sha256').update(bytes).digest('hex');
    // Bytes seen before are answered from their finished job, as the service reuses an answer.
    const earlier = (await stored(dir, name)) ? await queue.getJob(name) : undefined;
    let result: unknown = earlier?.finishedOn ? earlier.returnvalue : undefined;
    if (result === undefined) {
      await store(dir, bytes, name);
      result = await addAndWait(queue, events, name);
    }
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(result));
  };
  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });
  server.listen(port, '127.0.0.1');
}

function runWorker(redisUrl: string, dir: string, rate: number): void {
  // The service's worker takes this many jobs at once, which decides how it asks Redis for more.
  const concurrency = 16;
  const spacingMs = rate > 0 ? 1000 / rate : 0;
  let nextEnd = 0;
  new Worker<{ name: string }>(
    designFloorQueue,
    async (job) => {
      const bytes = (await readFile(join(dir, job.data.name))).length;
      if (spacingMs > 0) {
        // Jobs end one at a time, `spacingMs` apart, as they would leave a model of that speed.
        const end = Math.max(performance.now(), nextEnd);
        nextEnd = end + spacingMs;
        await sleep(end - performance.now());
      }
      return { bytes };
    },
    { connection: redisConnectionOptions(redisUrl), concurrency },
  );
}

function main(): void {
  const [role, port] = process.argv.slice(2);
  const redisUrl = process.env.REDIS_URL;
  const dir = process.env.UPLOAD_DIR;
  if (!redisUrl || !dir) throw new Error('REDIS_URL and UPLOAD_DIR must be set');
  if (role === 'gateway') void runGateway(Number(port), redisUrl, dir);
  else if (role === 'worker') runWorker(redisUrl, dir, Number(process.env.FLOOR_RATE ?? 0));
  else throw new Error(`unknown role ${role}; gateway <port> or worker`);
}

main();
