import { Module, type DynamicModule, type Type } from '@nestjs/common';

/**
 * Makes a validated configuration object injectable everywhere under its own class, so
 * services ask for `GatewayEnv` or `WorkerEnv` instead of reading `process.env`.
 */
@Module({})
export class EnvModule {
  static forRoot(config: object): DynamicModule {
    const token = config.constructor as Type<unknown>;
    return {
      module: EnvModule,
      global: true,
      providers: [{ provide: token, useValue: config }],
      exports: [token],
    };
  }
}
