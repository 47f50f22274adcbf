import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { ConfigValidationError, ServiceConfig } from '@app/config';
import { createServiceApp, type ServiceDefinition } from './create-service-app';
import { runService } from './run-service';

jest.mock('./create-service-app');

const definition = { identity: { name: 'order-service' } } as ServiceDefinition;
const created = jest.mocked(createServiceApp);

/** A started app as far as runService sees it: its config and listen(). */
function fakeApp() {
  const config = { app: { port: 3004, host: '127.0.0.1' } } as ServiceConfig;
  const app = { get: jest.fn((token: unknown) => (token === ServiceConfig ? config : undefined)), listen: jest.fn() };
  created.mockResolvedValue(app as never);
  return app;
}

describe('runService', () => {
  // Jest gives each test file its own copy of process.env, which process.loadEnvFile (writing the real
  // environment) does not reach: what is loaded is seen through a spy on it.
  const keys = ['NODE_ENV', 'ENV_FILE'] as const;
  const saved = Object.fromEntries(keys.map((key) => [key, process.env[key]]));
  let exit: jest.SpyInstance;
  let printed: jest.SpyInstance;
  let loaded: jest.SpyInstance;

  beforeEach(() => {
    loaded = jest.spyOn(process, 'loadEnvFile').mockImplementation(() => undefined);
    jest.clearAllMocks();
    exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    for (const key of keys) delete process.env[key];
    process.env.NODE_ENV = 'production';
  });

  afterEach(() => {
    for (const key of keys) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    jest.restoreAllMocks();
  });

  it('listens on the configured host and port and stays up', async () => {
    const app = fakeApp();

    await runService(definition);

    expect(app.listen).toHaveBeenCalledWith(3004, '127.0.0.1');
    expect(exit).not.toHaveBeenCalled();
  });

  it('exits 1 naming every configuration problem, without a stack trace', async () => {
    created.mockRejectedValue(
      new ConfigValidationError(['PORT must be an integer, got "x"', 'MONGODB_URI is required']),
    );

    await runService(definition);

    expect(printed).toHaveBeenCalledWith(
      'order-service cannot start. Invalid configuration:\n  - PORT must be an integer, got "x"\n  - MONGODB_URI is required',
    );
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('exits 1 with the error when starting fails otherwise (e.g. the port is taken)', async () => {
    const app = fakeApp();
    const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    app.listen.mockRejectedValue(inUse);

    await runService(definition);

    expect(printed).toHaveBeenCalledWith('order-service failed to start:', inUse);
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('loads ENV_FILE when given, even in production', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'run-service-')), 'service.env');
    writeFileSync(file, 'RUN_SERVICE_SPEC_VALUE=from-file\n');
    process.env.ENV_FILE = file;
    fakeApp();

    await runService(definition);

    expect(loaded).toHaveBeenCalledWith(file);
  });

  describe('the local development file .dev/local.env', () => {
    const savedCwd = process.cwd();
    let directory: string;

    beforeEach(() => {
      directory = mkdtempSync(join(tmpdir(), 'run-service-'));
      mkdirSync(join(directory, '.dev'));
      writeFileSync(join(directory, '.dev', 'local.env'), 'RUN_SERVICE_SPEC_LOCAL=from-dev\n');
      process.chdir(directory);
    });

    afterEach(() => process.chdir(savedCwd));

    it('is loaded outside production', async () => {
      process.env.NODE_ENV = 'development';
      fakeApp();

      await runService(definition);

      expect(loaded).toHaveBeenCalledWith('.dev/local.env');
    });

    it('is never loaded in production', async () => {
      fakeApp();

      await runService(definition);

      expect(loaded).not.toHaveBeenCalled();
    });
  });

  it('starts without any file when none exists', async () => {
    process.env.NODE_ENV = 'test';
    process.env.ENV_FILE = join(tmpdir(), 'run-service-missing.env');
    const app = fakeApp();

    await runService(definition);

    expect(loaded).not.toHaveBeenCalled();
    expect(app.listen).toHaveBeenCalled();
    expect(exit).not.toHaveBeenCalled();
  });
});
