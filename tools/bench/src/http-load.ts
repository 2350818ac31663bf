import { Agent, request, type IncomingMessage } from 'node:http';
import { serverTimingOf } from '@moderation/testing';
import { freshBodies, multipart, multipartHeaders, type Photo } from './review-photos';

export interface Load {
  connections: number;
  /** Requests answered 2xx. */
  answered: number;
  throughput: number;
  p50: number;
  p97: number;
  p99: number;
  errors: number;
}

/**
 * The request bodies of the load tests' connections: each connection rewrites its own copies of
 * the photos, made once, before any load is timed, and used again by every later load.
 */
export class LoadBodies {
  private readonly connections: (() => Buffer)[] = [];

  constructor(private readonly photos: Photo[]) {}

  /** Makes the bodies of `connections` connections now: copying megabytes is not the service's work. */
  prepare(connections: number): this {
    while (this.connections.length < connections) {
      this.connections.push(freshBodies(this.photos));
    }
    return this;
  }

  /** The next body of one connection (see {@link freshBodies} for when it may be called again). */
  forConnection(connection: number): () => Buffer {
    this.prepare(connection + 1);
    return this.connections[connection];
  }
}

/**
 * `POST /predict` from `connections` clients for `seconds`, each request with bytes never sent
 * before. Each client sends its next request when the answer to the last one is in, on one
 * kept-alive connection; the load counts the answers that arrive within `seconds`.
 *
 * Written on `node:http` rather than taken from a load-testing package: the load generator shares
 * the machine's cores with the service, and one that copies every body into a request buffer and
 * parses answers in JavaScript spent 2.7–2.9 ms of CPU per photo, as much as half the gateway's.
 */
export async function load(
  url: string,
  connections: number,
  seconds: number,
  bodies: LoadBodies,
): Promise<Load> {
  const target = new URL('/predict', url);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  const client = async (connection: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const nextBody = bodies.forConnection(connection);
    try {
      while (performance.now() < deadline) {
        const sent = performance.now();
        const status = await post(target, agent, nextBody()).then(
          ({ response }) => response.statusCode ?? 0,
          () => 0,
        );
        const answered = performance.now();
        if (answered > deadline) break;
        if (status >= 200 && status < 300) latencies.push(answered - sent);
        else errors++;
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, connection) => client(connection)));
  const sorted = latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return {
    connections,
    answered: sorted.length,
    throughput: sorted.length / seconds,
    p50: percentile(0.5),
    p97: percentile(0.975),
    p99: percentile(0.99),
    errors,
  };
}

/** An answer in full: its status line and headers, and its body. */
interface Answer {
  response: IncomingMessage;
  body: Buffer;
}

/**
 * Posts one multipart body and resolves once the answer has arrived and the body was handed to
 * the operating system in full (a body may be written again only then).
 */
function post(url: URL, agent: Agent, body: Buffer): Promise<Answer> {
  return new Promise<Answer>((done, fail) => {
    let answer: Answer | undefined;
    let written = false;
    const settle = () => answer && written && done(answer);
    const sending = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...multipartHeaders, 'content-length': body.length },
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () => {
          answer = { response, body: Buffer.concat(chunks) };
          settle();
        });
        response.once('error', fail);
      },
    );
    sending.once('finish', () => {
      written = true;
      settle();
    });
    sending.once('timeout', () => sending.destroy(new Error(`no answer from ${url} in 30 s`)));
    sending.once('error', fail);
    sending.end(body);
  });
}

export function formatLoads(loads: Load[]): string {
  const rows = loads.map(
    (l) =>
      `${String(l.connections).padStart(11)}  ${l.throughput.toFixed(1).padStart(8)}  ${l.p50.toFixed(1).padStart(7)}  ${l.p97.toFixed(1).padStart(9)}  ${l.p99.toFixed(1).padStart(7)}  ${String(l.errors).padStart(7)}`,
  );
  return ['connections  images/s   p50 ms   p97.5 ms   p99 ms   errors', ...rows].join('\n');
}

interface PredictAnswer {
  timing: { inferenceMs: number; totalMs: number };
}

/** The client's latency, and from the answer: the worker's time and the gateway's wait for it. */
export interface TimedAnswer {
  ms: number;
  inferenceMs: number;
  totalMs: number;
  /** The gateway's stages from its `Server-Timing` header, ms by name (`upload`, `store`, …). */
  stages: Record<string, number>;
}

/**
 * One request at a time on a kept-alive connection, timed from the first byte sent to the last
 * received: `fetch` costs about 2 ms per request of its own on this machine, more than the reuse
 * path it would measure.
 */
export class SequentialClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  private readonly url: URL;

  constructor(url: string) {
    this.url = new URL('/predict', url);
  }

  /** Posts one photo to `/predict`: how long the answer took, and the service's own timing. */
  async predict(photo: Buffer): Promise<TimedAnswer> {
    const { ms, response, body: answer } = await this.send(photo);
    const { timing } = JSON.parse(answer.toString()) as PredictAnswer;
    const stages = Object.fromEntries(
      serverTimingOf(response.headers['server-timing']).map(({ name, ms }) => [name, ms]),
    );
    return { ms, ...timing, stages };
  }

  /** Posts one photo and only times the answer, for a server that answers without `timing`. */
  async time(photo: Buffer): Promise<number> {
    return (await this.send(photo)).ms;
  }

  private async send(photo: Buffer): Promise<Answer & { ms: number }> {
    const body = multipart(photo);
    const started = performance.now();
    const answer = await post(this.url, this.agent, body);
    const ms = performance.now() - started;
    if (answer.response.statusCode !== 200) {
      throw new Error(`${this.url.href}: ${answer.response.statusCode} ${answer.body.toString()}`);
    }
    return { ...answer, ms };
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The reuse path's latency, and the p50 of each of the gateway's stages (plus `outside` it). */
export interface RepeatUpload {
  p50: number;
  stages: Record<string, number>;
}

/**
 * The same photo again and again on one connection: 20 sends to warm up (the first one classifies
 * it), then the answers of 500 more.
 */
async function sendRepeatedly<T>(
  url: string,
  send: (client: SequentialClient) => Promise<T>,
): Promise<T[]> {
  const client = new SequentialClient(url);
  try {
    for (let i = 0; i < 20; i++) await send(client);
    const answers: T[] = [];
    for (let i = 0; i < 500; i++) answers.push(await send(client));
    return answers;
  } finally {
    client.close();
  }
}

/** The reuse path's latency: the same photo again and again, after it was first classified. */
export async function repeatUpload(url: string, photo: Buffer): Promise<RepeatUpload> {
  const answers = await sendRepeatedly(url, (client) => client.predict(photo));
  const names = Object.keys(answers[0].stages);
  const stages = Object.fromEntries(
    names.map((name) => [name, median(answers.map((answer) => answer.stages[name] ?? 0))]),
  );
  stages.outside = median(answers.map((answer) => answer.ms - (answer.stages.total ?? 0)));
  return { p50: median(answers.map((answer) => answer.ms)), stages };
}

/** The same photo again and again after a first answer: p50 ms of a server that sends no stages. */
export async function repeatTimes(url: string, photo: Buffer): Promise<number> {
  return median(await sendRepeatedly(url, (client) => client.time(photo)));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
