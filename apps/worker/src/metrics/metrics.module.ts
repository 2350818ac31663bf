import { Module, type DynamicModule } from '@nestjs/common';
import { WorkerMetrics } from './worker-metrics';

/** The process's {@link WorkerMetrics}, injectable everywhere. */
@Module({})
export class MetricsModule {
  /** Takes the instance the inference library's batch callback also records into. */
  static forRoot(metrics: WorkerMetrics): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      providers: [{ provide: WorkerMetrics, useValue: metrics }],
      exports: [WorkerMetrics],
    };
  }
}
