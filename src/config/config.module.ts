import { DynamicModule, Global, Module } from '@nestjs/common';
import { Environment } from './environment';

/** Makes the validated settings injectable as `Environment` everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forEnvironment(env: Environment): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: Environment, useValue: env }], exports: [Environment] };
  }
}
