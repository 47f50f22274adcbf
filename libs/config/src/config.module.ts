import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { ServiceConfig } from './service-config';

/** Injection token for a service's own settings (the `extra` part of its configuration). */
export const SERVICE_SETTINGS = Symbol('SERVICE_SETTINGS');

export interface LoadedConfig<Extra = unknown> {
  config: ServiceConfig;
  extra: Extra;
}

/** Validates the environment once at start-up and provides typed configuration to every module. */
@Global()
@Module({})
export class ServiceConfigModule {
  /** Takes configuration already validated by `loadServiceConfig`, so a bad value stops start-up early. */
  static forRoot({ config, extra }: LoadedConfig): DynamicModule {
    const providers: Provider[] = [
      { provide: ServiceConfig, useValue: config },
      { provide: SERVICE_SETTINGS, useValue: extra ?? {} },
    ];
    return { module: ServiceConfigModule, providers, exports: providers };
  }
}
