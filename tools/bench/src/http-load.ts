import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { multipart, multipartHeaders } from './review-photos';

export interface Load {
  connections: number;
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

/**
 * The reuse path's latency, measured with a plain keep-alive `node:http` client: `fetch` costs
 * about 2 ms per request of its own on this machine, more than the path being measured.
 */
export async function repeatUploadP50(url: string, photo: Buffer): Promise<number> {
  const body = multipart(photo);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const post = () =>
    new Promise<void>((done, fail) => {
      const sent = request(
        `${url}/predict`,
        {
          method: 'POST',
          agent,
          headers: { ...multipartHeaders, 'content-length': body.length },
        },
        (response) => {
          if (response.statusCode !== 200) fail(new Error(`repeat upload: ${response.statusCode}`));
          response.resume().once('end', () => done());
        },
      );
      sent.once('error', fail);
      sent.end(body);
    });
  try {
    for (let i = 0; i < 20; i++) await post();
    const times: number[] = [];
    for (let i = 0; i < 500; i++) {
      const started = performance.now();
      await post();
      times.push(performance.now() - started);
    }
    return median(times);
  } finally {
    agent.destroy();
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
