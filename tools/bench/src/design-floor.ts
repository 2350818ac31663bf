/**
 * The least the service's required design can cost one photo on this machine: an HTTP upload
 * received, hashed and stored under its content name, a BullMQ job added for it, a worker that
 * takes the job and reads the stored file but runs no model, and the job's completion event
 * awaited before the answer; bytes stored before are answered from their finished job. Nothing
 * else: no framework, no checks, no records.
 *
 * `npm run bench` runs the two roles of this file as processes of their own next to the service
 * and times them photo by photo beside it, so the one-at-a-time goal can be read against what the
 * design itself costs on the machine at that moment. Run as `design-floor.js gateway <port>` or
 * `design-floor.js worker`, with REDIS_URL and UPLOAD_DIR in the environment.
 */
import { createHash, randomUUID } from 'node:crypto';
import { access, link, open, readFile, unlink } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
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

async function runGateway(port: number, redisUrl: string, dir: string): Promise<void> {
  const connection = redisConnectionOptions(redisUrl);
  const queue = new Queue(designFloorQueue, { connection });
  const events = new QueueEvents(designFloorQueue, { connection });
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
      const job = await queue.add('read', { name }, { jobId: name });
      result = await job.waitUntilFinished(events, answerTimeoutMs);
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

function runWorker(redisUrl: string, dir: string): void {
  // The service's worker takes this many jobs at once, which decides how it asks Redis for more.
  const concurrency = 16;
  new Worker<{ name: string }>(
    designFloorQueue,
    async (job) => ({ bytes: (await readFile(join(dir, job.data.name))).length }),
    { connection: redisConnectionOptions(redisUrl), concurrency },
  );
}

function main(): void {
  const [role, port] = process.argv.slice(2);
  const redisUrl = process.env.REDIS_URL;
  const dir = process.env.UPLOAD_DIR;
  if (!redisUrl || !dir) throw new Error('REDIS_URL and UPLOAD_DIR must be set');
  if (role === 'gateway') void runGateway(Number(port), redisUrl, dir);
  else if (role === 'worker') runWorker(redisUrl, dir);
  else throw new Error(`unknown role ${role}; gateway <port> or worker`);
}

main();
