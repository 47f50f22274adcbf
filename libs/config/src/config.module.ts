import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { type LoadedConfig, ServiceConfig } from './service-config';

/**
 * Validates the environment once at start-up and provides typed configuration to every module: the shared
 * ServiceConfig and the service's own settings, each under its class token, so both are injected by type.
 */
@Global()
@Module({})
export class ServiceConfigModule {
  /** Takes configuration already validated by `loadServiceConfig`, so a bad value stops start-up early. */
  static forRoot({ config, settings }: LoadedConfig): DynamicModule {
    const providers: Provider[] = [{ provide: ServiceConfig, useValue: config }];
    if (settings) providers.push({ provide: settings.token, useValue: settings.value });
    return { module: ServiceConfigModule, providers, exports: providers };
  }
}
