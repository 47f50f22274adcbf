import { type ServiceDefinition } from '@app/service-kit';
import { AppModule } from './app.module';

export const userService: ServiceDefinition = {
  identity: {
    name: 'user-service',
    defaultDatabase: 'ecommerce_users',
    title: 'User service: accounts, credentials and tokens',
  },
  rootModule: (loaded) => AppModule.register(loaded),
};
