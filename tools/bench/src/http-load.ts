import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { serverTimingOf } from '@moderation/testing';
import { multipart, multipartHeaders } from './review-photos';

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

/** `POST /predict` from `connections` clients for `seconds`, each request with a fresh body. */
export async function load(
  url: string,
  connections: number,
  seconds: number,
  body: () => Buffer,
): Promise<Load> {
  const result = await autocannon({
    url: `${url}/predict`,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: multipartHeaders,
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  });
  return {
    connections,
    answered: result['2xx'],
    throughput: result.requests.average,
    p50: result.latency.p50,
    p97: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
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

  constructor(private readonly url: string) {}

  /** Posts one photo to `/predict`: how long the answer took, and the service's own timing. */
  predict(photo: Buffer): Promise<TimedAnswer> {
    const body = multipart(photo);
    const started = performance.now();
    return new Promise<TimedAnswer>((done, fail) => {
      const sent = request(
        `${this.url}/predict`,
        {
          method: 'POST',
          agent: this.agent,
          headers: { ...multipartHeaders, 'content-length': body.length },
        },
        (response) => {
          if (response.statusCode !== 200) {
            response.resume();
            return fail(new Error(`/predict: ${response.statusCode}`));
          }
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.once('end', () => {
            const ms = performance.now() - started;
            const { timing } = JSON.parse(Buffer.concat(chunks).toString()) as PredictAnswer;
            const stages = Object.fromEntries(
              serverTimingOf(response.headers['server-timing']).map(({ name, ms }) => [name, ms]),
            );
            done({ ms, ...timing, stages });
          });
        },
      );
      sent.once('error', fail);
      sent.end(body);
    });
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

/** The reuse path's latency: the same photo again and again, after it was first classified. */
export async function repeatUpload(url: string, photo: Buffer): Promise<RepeatUpload> {
  const client = new SequentialClient(url);
  try {
    for (let i = 0; i < 20; i++) await client.predict(photo);
    const answers: TimedAnswer[] = [];
    for (let i = 0; i < 500; i++) answers.push(await client.predict(photo));
    const names = Object.keys(answers[0].stages);
    const stages = Object.fromEntries(
      names.map((name) => [name, median(answers.map((answer) => answer.stages[name] ?? 0))]),
    );
    stages.outside = median(answers.map((answer) => answer.ms - (answer.stages.total ?? 0)));
    return { p50: median(answers.map((answer) => answer.ms)), stages };
  } finally {
    client.close();
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
