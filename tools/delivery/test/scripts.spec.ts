import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fakeCommands, git, repoWithOrigin, runDeliveryScript } from './support/shell';
import { repoPath } from './support/repo';

const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('commit-stack-config.sh', () => {
  function setUp() {
    const repo = repoWithOrigin({ 'Pulumi.staging.yaml': 'images: old\n', 'README.md': 'hi\n' });
    cleanup.push(repo.root);
    return repo;
  }

  it('commits the changed stack file as the bot and pushes it to main', () => {
    const { origin, clone } = setUp();
    writeFileSync(join(clone, 'Pulumi.staging.yaml'), 'images: new\n');
    const result = runDeliveryScript(
      'commit-stack-config.sh',
      ['staging', 'deploy(staging): images built from abc1234'],
      { cwd: clone },
    );
    expect(result.status).toBe(0);
    expect(git(origin, 'log', '-1', '--format=%an|%s', 'main')).toBe(
      'github-actions[bot]|deploy(staging): images built from abc1234',
    );
    expect(git(origin, 'show', 'main:Pulumi.staging.yaml')).toBe('images: new');
  });

  it('rebases onto a main that moved meanwhile instead of failing the deploy', () => {
    const { root, origin, clone } = setUp();
    const other = join(root, 'other');
    git(root, 'clone', '--quiet', origin, other);
    writeFileSync(join(other, 'README.md'), 'someone else merged\n');
    git(
      other,
      '-c',
      'user.name=dev',
      '-c',
      'user.email=dev@example.com',
      'commit',
      '--quiet',
      '-am',
      'docs: other change',
    );
    git(other, 'push', '--quiet', 'origin', 'main');

    writeFileSync(join(clone, 'Pulumi.staging.yaml'), 'images: new\n');
    const result = runDeliveryScript('commit-stack-config.sh', ['staging', 'deploy(staging): x'], { cwd: clone });
    expect(result.status).toBe(0);
    expect(git(origin, 'log', '--format=%s', 'main').split('\n')).toEqual([
      'deploy(staging): x',
      'docs: other change',
      'seed',
    ]);
  });

  it('commits nothing when the stack file did not change', () => {
    const { origin, clone } = setUp();
    const result = runDeliveryScript('commit-stack-config.sh', ['staging', 'deploy(staging): x'], { cwd: clone });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('unchanged');
    expect(git(origin, 'log', '--format=%s', 'main')).toBe('seed');
  });
});

describe('rollback-stack.sh', () => {
  it('restores the last verified stack file from main and re-applies it with pulumi up', () => {
    const repo = repoWithOrigin({ 'Pulumi.prod.yaml': 'images: verified\n' });
    cleanup.push(repo.root);
    writeFileSync(join(repo.clone, 'Pulumi.prod.yaml'), 'images: broken\n');
    const calls = join(repo.root, 'pulumi-calls');
    const bin = fakeCommands({ pulumi: `echo "$@" >>"${calls}"; cat Pulumi.prod.yaml >>"${calls}"` });
    cleanup.push(bin);

    const result = runDeliveryScript('rollback-stack.sh', ['prod'], {
      cwd: repo.clone,
      env: { PATH: `${bin}:${process.env.PATH}`, PULUMI_STACK: 'acme/prod' },
    });
    expect(result.status).toBe(0);
    expect(readFileSync(calls, 'utf8').split('\n')).toEqual([
      'up --stack acme/prod --yes --non-interactive --skip-preview --suppress-progress',
      'images: verified',
      '',
    ]);
  });
});

describe('image-size.sh', () => {
  function fakeDocker(layerBytes: number) {
    const blob = join(mkdtempSync(join(tmpdir(), 'image-')), 'image.tar');
    cleanup.push(join(blob, '..'));
    // Random bytes do not compress, so the compressed size is about the blob size.
    writeFileSync(blob, randomBytes(layerBytes));
    const bin = fakeCommands({
      docker: `case "$1 $2" in "image inspect") echo 250000000 ;; "save "*) cat "${blob}" ;; *) exit 9 ;; esac`,
    });
    cleanup.push(bin);
    return { PATH: `${bin}:${process.env.PATH}` };
  }

  it('passes an image under the budget and reports both sizes', () => {
    const result = runDeliveryScript('image-size.sh', ['shop/cart:abc', '2'], { env: fakeDocker(1024 * 1024) });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /shop\/cart:abc: 1\.0 MB compressed, 238\.4 MB uncompressed \(budget 2 MB compressed\)/,
    );
  });

  it('fails an image over the budget with an error annotation', () => {
    const result = runDeliveryScript('image-size.sh', ['shop/cart:abc', '1'], { env: fakeDocker(1200 * 1024) });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('::error::shop/cart:abc is 1.2 MB compressed, over the 1 MB budget');
  });
});

describe('compose/with-secrets.sh', () => {
  it("exports the service's generated settings, then runs the service command", () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    cleanup.push(dir);
    writeFileSync(join(dir, 'cart-service.env'), "SERVICE_CLIENT_ID='cart-service'\nSERVICE_CLIENT_SECRET='s3cr3t'\n");
    const result = runDeliveryScript(
      'compose/with-secrets.sh',
      ['sh', '-c', 'echo "$SERVICE_CLIENT_ID:$SERVICE_CLIENT_SECRET"'],
      {
        env: { SECRETS_DIR: dir, SERVICE_NAME: 'cart-service' },
      },
    );
    expect(result).toMatchObject({ status: 0, stdout: 'cart-service:s3cr3t\n' });
  });

  it('runs a service that has no generated settings unchanged', () => {
    const result = runDeliveryScript('compose/with-secrets.sh', ['echo', 'started'], {
      env: { SECRETS_DIR: tmpdir(), SERVICE_NAME: 'product-service' },
    });
    expect(result).toMatchObject({ status: 0, stdout: 'started\n' });
  });
});

describe('ct-prepare.sh', () => {
  it('creates one Secret per service with matching service-client credentials and a shared public key', () => {
    const log = join(mkdtempSync(join(tmpdir(), 'kubectl-')), 'calls');
    cleanup.push(join(log, '..'));
    const bin = fakeCommands({
      kubectl: `printf '%s\\0' "$@" >>"${log}"; printf '\\n' >>"${log}"; cat >/dev/null 2>&1 || true`,
    });
    cleanup.push(bin);
    const result = runDeliveryScript('ct-prepare.sh', ['ct'], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(result.status).toBe(0);

    const calls = readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\0').filter(Boolean));
    const secretArgs = (name: string) => calls.find((call) => call.includes('secret') && call.includes(name)) ?? [];
    const literal = (name: string, key: string) =>
      secretArgs(name)
        .find((arg) => arg.startsWith(`--from-literal=${key}=`))
        ?.slice(`--from-literal=${key}=`.length);

    const clients = JSON.parse(literal('ct-user-service', 'SERVICE_CLIENTS')!) as {
      clientId: string;
      secretSha256: string;
    }[];
    const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
    expect(clients.map((client) => client.clientId)).toEqual(['cart-service', 'order-service']);
    expect(sha256(literal('ct-cart-service', 'SERVICE_CLIENT_SECRET')!)).toBe(clients[0].secretSha256);
    expect(sha256(literal('ct-order-service', 'SERVICE_CLIENT_SECRET')!)).toBe(clients[1].secretSha256);
    expect(JSON.stringify(clients)).not.toContain(literal('ct-cart-service', 'SERVICE_CLIENT_SECRET')!);
    expect(literal('ct-product-service', 'MONGODB_URI')).toBe(
      'mongodb://mongo.ct.svc.cluster.local:27017/ecommerce_products',
    );
    expect(secretArgs('ct-user-service').some((arg) => arg.startsWith('--from-file=JWT_PRIVATE_KEY='))).toBe(true);
    expect(secretArgs('ct-cart-service').some((arg) => arg.startsWith('--from-file=JWT_PRIVATE_KEY='))).toBe(false);
  });
});

describe('wait-for-url.sh', () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('returns as soon as the URL answers 2xx', async () => {
    server = createServer((_request, response) => response.writeHead(200).end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/products`;
    const child = spawn('bash', [repoPath('tools', 'delivery', 'wait-for-url.sh'), url, '10']);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('answers');
  });
});
