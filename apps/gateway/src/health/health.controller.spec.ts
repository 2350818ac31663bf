import { controllerSetup, type TestApp } from '../testing/controller-setup';
import type { HealthReport } from './health-report';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

const up: HealthReport = {
  status: 'ok',
  checks: { redis: { status: 'up' }, workers: { status: 'up', count: 2 } },
};
const noWorker: HealthReport = {
  status: 'unavailable',
  checks: {
    redis: { status: 'up' },
    workers: { status: 'down', count: 0, error: 'no worker is consuming the prediction queue' },
  },
};
const noRedis: HealthReport = {
  status: 'unavailable',
  checks: {
    redis: { status: 'down', error: 'no answer within 1000 ms' },
    workers: { status: 'down', count: 0, error: 'Redis is unreachable' },
  },
};

describe('HealthController (in process)', () => {
  let app: TestApp;
  let health: { report: jest.Mock<Promise<HealthReport>, []> };

  beforeEach(async () => {
    health = { report: jest.fn(async () => up) };
    app = await controllerSetup({
      controllers: [HealthController],
      providers: [{ provide: HealthService, useValue: health }],
    });
  });

  afterEach(() => app.close());

  it('answers 200 with the report when Redis answers and a worker consumes predictions', async () => {
    const response = await app.fetch('/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    // A cached "ok" would hide an outage from the load balancer.
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual(up);
  });

  it.each([
    ['no worker consumes predictions', noWorker],
    ['Redis does not answer', noRedis],
  ])('answers 503 with the report naming what is down when %s', async (_case, report) => {
    health.report.mockResolvedValue(report);
    const response = await app.fetch('/health');
    expect(response.status).toBe(503);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual(report);
  });

  it('asks again on every request: a recovery shows at once', async () => {
    health.report.mockResolvedValueOnce(noWorker);
    expect((await app.fetch('/health')).status).toBe(503);
    expect((await app.fetch('/health')).status).toBe(200);
  });
});
