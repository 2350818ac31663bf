import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { WorkerEnv } from '../config/worker-env';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { HealthService } from './health.service';

/**
 * The worker's only HTTP surface: `GET /health` for orchestrators (200 when it can work, 503
 * with the failing part otherwise) and `GET /metrics` for Prometheus. Kept on plain node:http
 * because the worker serves nothing else.
 */
@Injectable()
export class HealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly env: WorkerEnv,
    private readonly health: HealthService,
    private readonly metrics: WorkerMetrics,
    @InjectPinoLogger(HealthServer.name) private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/metrics') {
        this.metrics.registry.metrics().then(
          (text) =>
            res.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(text),
          () => res.writeHead(500).end(),
        );
        return;
      }
      if (req.method !== 'GET' || req.url !== '/health') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      this.health.report().then(
        (report) => {
          res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
          res.end(JSON.stringify(report));
        },
        (error: unknown) => {
          this.logger.error({ err: error }, 'health check failed');
          res.writeHead(500, { 'content-type': 'application/json' }).end('{"status":"error"}');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.env.WORKER_HEALTH_PORT, resolve);
    });
    this.server = server;
    this.logger.info('health endpoint on http://localhost:%d/health', this.port());
  }

  port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
