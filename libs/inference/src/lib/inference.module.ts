import { Module, type DynamicModule } from '@nestjs/common';
import { InferenceService, type InferenceOptions } from './inference.service';

@Module({})
export class InferenceModule {
  static forRoot(options: InferenceOptions): DynamicModule {
    return {
      module: InferenceModule,
      global: true,
      providers: [
        { provide: InferenceService, useFactory: () => new InferenceService(options.modelDir) },
      ],
      exports: [InferenceService],
    };
  }
}
