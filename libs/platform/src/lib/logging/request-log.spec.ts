import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { requestErrorMessage, requestErrorObject, requestLogLevel } from './request-log';

describe('request log lines', () => {
  let server: Server;
  let lines: Record<string, unknown>[];
  let base: string;

  beforeEach(async () => {
    lines = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const log = pinoHttp({
      logger: pino(sink),
      customLogLevel: requestLogLevel,
      customErrorObject: requestErrorObject,
      customErrorMessage: requestErrorMessage,
    });
    server = createServer((req, res) => {
      log(req, res);
      const status = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('status') ?? 200);
      // pino-http's way for a handler to hand it the error behind an answer.
      if (req.url?.startsWith('/fail')) Object.assign(res, { err: new Error('disk full') });
      res.statusCode = status;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterEach(() => new Promise((resolve) => server.close(resolve)));

  async function lineFor(path: string): Promise<Record<string, unknown>> {
    await fetch(`${base}${path}`).catch(() => undefined);
    for (let i = 0; i < 100 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(lines).toHaveLength(1);
    return lines[0];
  }

  const info = 30;
  const warn = 40;
  const error = 50;

  it('logs the health check declining (503) calmly, without a stack', async () => {
    const line = await lineFor('/health?status=503');
    expect(line).toMatchObject({ level: info, msg: 'request completed' });
    expect(line).not.toHaveProperty('err');
  });

  it('warns about other 503 answers, without a stack', async () => {
    const line = await lineFor('/predict?status=503');
    expect(line).toMatchObject({ level: warn, msg: 'request completed' });
    expect(line).not.toHaveProperty('err');
  });

  it('keeps other 5xx answers at error level, without a made-up stack', async () => {
    const line = await lineFor('/predict?status=500');
    expect(line).toMatchObject({ level: error });
    expect(line).not.toHaveProperty('err');
  });

  it('keeps a real error with its stack', async () => {
    const line = await lineFor('/fail?status=500');
    expect(line).toMatchObject({ level: error, msg: 'request errored' });
    expect(line).toHaveProperty('err.message', 'disk full');
    expect(line).toHaveProperty('err.stack');
  });

  it('logs 4xx as warnings and the rest as info', async () => {
    expect(await lineFor('/health?status=404')).toMatchObject({ level: warn });
    lines = [];
    expect(await lineFor('/health')).toMatchObject({ level: info });
  });
});
