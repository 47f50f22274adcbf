import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './free-port';
import { mainOf, ServiceProcess } from './service-process';

/**
 * ServiceProcess against stand-in services: small scripts at the built-output path (dist/apps/...) of a scratch
 * working directory, so each way a real service starts, fails or stops is reproduced in milliseconds.
 */
const STAND_INS: Record<string, string> = {
  // Answers /health/ready once listening on PORT, reports the env it got, and exits 0 on SIGTERM.
  'ready-service': `
    const server = require('node:http').createServer((request, response) => {
      if (request.url === '/health/ready') return response.writeHead(200).end();
      response.writeHead(200).end(JSON.stringify({ port: process.env.PORT, greeting: process.env.GREETING, path: process.env.PATH }));
    });
    server.listen(Number(process.env.PORT), '127.0.0.1');
    process.on('SIGTERM', () => server.close(() => process.exit(0)));
  `,
  'crashing-service': `console.error('config: MONGODB_URI is required'); process.exit(1);`,
  // Listens but is never ready, as a service that cannot reach its database.
  'unready-service': `
    require('node:http').createServer((request, response) => response.writeHead(503).end()).listen(Number(process.env.PORT), '127.0.0.1');
    console.log('waiting for the database');
  `,
};

const original = process.cwd();
const scratch = mkdtempSync(join(tmpdir(), 'service-process-'));
const started: ServiceProcess[] = [];

beforeAll(() => {
  for (const [name, code] of Object.entries(STAND_INS)) {
    const file = join(scratch, mainOf(name));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code);
  }
  process.chdir(scratch);
});

afterAll(async () => {
  for (const service of started) await service.stop('SIGKILL');
  process.chdir(original);
  rmSync(scratch, { recursive: true, force: true });
});

async function service(name: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const created = new ServiceProcess(name, await freePort(), env);
  started.push(created);
  return created;
}

it('starts the built service with its env, PORT and PATH, waits until ready, and stops it with SIGTERM', async () => {
  const ready = await service('ready-service', { GREETING: 'hello' });
  expect(ready.exitCode).toBeUndefined();
  await ready.start();
  expect(ready.url).toBe(`http://127.0.0.1:${ready.port}`);
  expect(await (await fetch(`${ready.url}/`)).json()).toEqual({
    port: String(ready.port),
    greeting: 'hello',
    path: process.env.PATH,
  });
  expect(ready.exitCode).toBeNull();
  await expect(ready.stop()).resolves.toBe(0);
  // Stopping again only reports how it ended.
  await expect(ready.stop()).resolves.toBe(0);
});

it('reports a service that exits while starting, with the end of its output', async () => {
  const crashing = await service('crashing-service');
  await expect(crashing.start()).rejects.toThrow('crashing-service exited:\nconfig: MONGODB_URI is required');
  await expect(crashing.stop()).resolves.toBe(1);
});

it('gives up on a service that is not ready in time, with the end of its output', async () => {
  const unready = await service('unready-service');
  const starting = unready.start();
  await expect(unready.waitUntilReady(600)).rejects.toThrow(
    'unready-service not ready within 600 ms:\nwaiting for the database',
  );
  // Killed by a signal while starting (as by the OOM killer): no exit code, and start() says so at once.
  await expect(unready.stop('SIGKILL')).resolves.toBeNull();
  await expect(starting).rejects.toThrow('unready-service exited on SIGKILL:\nwaiting for the database');
});

it('has nothing to stop before it was started', async () => {
  await expect((await service('ready-service')).stop()).resolves.toBeNull();
});

it('gives the service an empty PATH, not the word "undefined", when the test run has none', async () => {
  const ready = await service('ready-service');
  const path = process.env.PATH;
  delete process.env.PATH;
  try {
    await ready.start();
  } finally {
    process.env.PATH = path;
  }
  expect(await (await fetch(`${ready.url}/`)).json()).toMatchObject({ path: '' });
  await ready.stop();
});

it('starts a stopped or killed service again on the same port with the same env, and refuses a second copy', async () => {
  const ready = await service('ready-service', { GREETING: 'again' });
  await ready.start();
  await expect(ready.start()).rejects.toThrow('ready-service is already running');
  const before = await (await fetch(`${ready.url}/`)).json();

  await ready.restart('SIGKILL');
  expect(ready.exitCode).toBeNull();
  expect(await (await fetch(`${ready.url}/`)).json()).toEqual(before);

  await expect(ready.stop()).resolves.toBe(0);
  await ready.start();
  expect(await (await fetch(`${ready.url}/`)).json()).toEqual(before);
  await ready.stop();
});
