/* eslint-disable no-console -- start-up failures happen before (or instead of) the JSON logger */
import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { ConfigValidationError, ServiceConfig } from '@app/config';
import { createServiceApp, type ServiceDefinition } from './create-service-app';

/** Local development only: `npm run db` / `npm run dev` write the database URI and key paths here. */
const LOCAL_ENV_FILE = '.dev/local.env';

function loadLocalEnvFile(): void {
  const file = process.env.ENV_FILE ?? (process.env.NODE_ENV !== 'production' ? LOCAL_ENV_FILE : undefined);
  if (file && existsSync(file)) process.loadEnvFile(file);
}

/** The whole of every service's main: configure, listen, and exit with a clear message on bad config. */
export async function runService<Settings extends object>(definition: ServiceDefinition<Settings>): Promise<void> {
  loadLocalEnvFile();
  try {
    const app = await createServiceApp(definition);
    const { app: settings } = app.get(ServiceConfig);
    await app.listen(settings.port, settings.host);
    new Logger('Bootstrap').log({ msg: `listening on ${settings.host}:${settings.port}` });
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      console.error(`${definition.identity.name} cannot start. ${error.message}`);
    } else {
      console.error(`${definition.identity.name} failed to start:`, error);
    }
    process.exit(1);
  }
}
