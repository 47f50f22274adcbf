import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp, type ServiceDefinition } from '@app/service-kit';
import { testKeys } from './keys';

export interface TestService {
  app: NestFastifyApplication;
  baseUrl: string;
  /** Every JSON log line the service wrote. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** The environment a service gets in tests: the resolved test database under a database name of its own. */
export function testEnvironment(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run through jest (test/setup/global-setup.ts)');
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    MONGODB_URI: uri,
    MONGODB_DB_NAME: `test_${randomUUID().slice(0, 8)}`,
    MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1500',
    JWT_PUBLIC_KEY: testKeys.publicKey,
    SHUTDOWN_DRAIN_MS: '0',
    ...overrides,
  };
}

/** Starts a real service on a random local port, with logs captured instead of printed. */
export async function startTestService<Extra extends object>(
  definition: ServiceDefinition<Extra>,
  overrides: Record<string, string> = {},
): Promise<TestService> {
  const logs: Record<string, unknown>[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const app = await createServiceApp(definition, { environment: testEnvironment(overrides), logDestination });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, logs, close: () => app.close() };
}
