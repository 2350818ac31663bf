import { Global, Module, type DynamicModule } from '@nestjs/common';
import { PolicySource } from './policy-source';
import { GatewayStartRecord } from './startup-record';

/** The moderation policy the gateway's verdicts follow, read once at start-up. */
@Global()
@Module({})
export class PolicyModule {
  static forRoot(path: string | undefined): DynamicModule {
    return {
      module: PolicyModule,
      providers: [{ provide: PolicySource, useValue: PolicySource.load(path) }, GatewayStartRecord],
      exports: [PolicySource],
    };
  }
}
