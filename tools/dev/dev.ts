import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createEdge } from '../edge/edge-server';
import { SERVICES } from '../edge/routes';
import { serviceDevEnv } from './local-env';
import { provision } from './provision';

const EDGE_PORT = Number(process.env.EDGE_PORT ?? 8080);

function startService(name: string, env: Record<string, string>): ChildProcess {
  // Its own process group, so Ctrl-C stops the Nest CLI and the app it spawned together.
  const child = spawn('node_modules/.bin/nest', ['start', name, '--watch', '--preserveWatchOutput'], {
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => console.log(`[${name.replace('-service', '')}] ${line}`));
  }
  return child;
}

async function waitUntilReady(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return false;
}

/** `npm run dev`: database, keys, seed, the four services in watch mode and the edge on :8080. */
async function main(): Promise<void> {
  const { database, secrets, sharedEnv } = await provision();
  const children = SERVICES.map((service) =>
    startService(service.name, { ...sharedEnv, ...serviceDevEnv(service.name, secrets) }),
  );
  const edge = createEdge({ port: EDGE_PORT });
  await new Promise<void>((resolve) => edge.listen(EDGE_PORT, '127.0.0.1', resolve));

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\n[dev] stopping services, edge and database...');
    for (const child of children) if (child.pid) process.kill(-child.pid, 'SIGTERM');
    edge.close();
    await Promise.all(
      children.map(
        (child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))),
      ),
    );
    await database.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  const ready = await Promise.all(SERVICES.map((service) => waitUntilReady(service.port, 180_000)));
  if (stopping) return;
  console.log('\n[dev] ready:');
  SERVICES.forEach((service, index) => {
    const state = ready[index] ? 'ready' : 'NOT READY (see its log lines above)';
    console.log(`  ${service.name.padEnd(16)} http://127.0.0.1:${service.port}/health/ready  ${state}`);
  });
  console.log(`  edge             http://127.0.0.1:${EDGE_PORT}  (routes like the Ingress)`);
  for (const service of SERVICES) console.log(`  API docs         http://127.0.0.1:${EDGE_PORT}/docs/${service.name}`);
  console.log('[dev] Ctrl-C stops everything.');
}

main().catch((error: unknown) => {
  console.error(`[dev] ${(error as Error).message}`);
  process.exit(1);
});
