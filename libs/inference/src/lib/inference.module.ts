import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { InferenceService, type InferenceOptions } from './inference.service';

/** Provides the loaded {@link InferenceService}; the app does not start when a model fails to load. */
@Module({})
export class InferenceModule implements OnApplicationShutdown {
  constructor(private readonly inference: InferenceService) {}

  static forRoot(options: InferenceOptions): DynamicModule {
    return {
      module: InferenceModule,
      global: true,
      providers: [{ provide: InferenceService, useFactory: () => InferenceService.load(options) }],
      exports: [InferenceService],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.inference.close();
  }
}
