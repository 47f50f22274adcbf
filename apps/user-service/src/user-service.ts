import { runService, type ServiceDefinition } from '@app/service-kit';
import { AppModule } from './app.module';
import { readUserSettings, UserSettings } from './user-settings';

export const userService: ServiceDefinition<UserSettings> = {
  identity: {
    name: 'user-service',
    defaultDatabase: 'ecommerce_users',
    title: 'User service: accounts, credentials and tokens',
  },
  settings: { token: UserSettings, read: readUserSettings },
  rootModule: (loaded) => AppModule.register(loaded),
};

/** Starts the service (main.ts calls this once tracing is set up). */
export const startUserService = (): Promise<void> => runService(userService);
