import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main, packageService } from '../package-service';

/**
 * A miniature repository shaped like `nest build` output: the entry requires a library through a relative path
 * (as tsc rewrites static imports) and through an `@app/...` alias (which tsc leaves inside dynamic imports).
 */
function fixtureRepo(): string {
  const repo = mkdtempSync(join(tmpdir(), 'package-service-'));
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  };
  write('tsconfig.json', '{ "compilerOptions": { "paths": { "@app/greeting": ["./libs/greeting/src"] } } }');
  write(
    'package.json',
    JSON.stringify({
      name: 'repo',
      version: '2.0.0',
      dependencies: { 'fake-framework': '1.2.3', 'fake-helper': '4.5.6' },
    }),
  );
  write(
    'package-lock.json',
    JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { version: '2.0.0' },
        'node_modules/fake-framework': { version: '1.2.3' },
        'node_modules/fake-helper': { version: '4.5.6' },
        'node_modules/unused-package': { version: '9.9.9' },
      },
    }),
  );
  const compiled = 'dist/apps/demo-service';
  write(
    `${compiled}/apps/demo-service/src/main.js`,
    [
      '"use strict";',
      'const framework = require("fake-framework");',
      'const { join } = require("node:path");',
      'const local = require("../../../libs/greeting/src");',
      'Promise.resolve().then(() => require("@app/greeting")).then((lib) => {',
      '  console.log(framework.name, local.greet(), lib.greet(), typeof join);',
      '});',
    ].join('\n'),
  );
  write(`${compiled}/libs/greeting/src/index.js`, 'exports.greet = () => require("fake-helper/sub").word;');
  return repo;
}

function installFakePackages(dir: string): void {
  mkdirSync(join(dir, 'node_modules', 'fake-framework'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'fake-framework', 'index.js'), 'exports.name = "framework";');
  mkdirSync(join(dir, 'node_modules', 'fake-helper'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'fake-helper', 'sub.js'), 'exports.word = "hello";');
}

describe('package-service', () => {
  let repo: string;
  beforeEach(() => {
    repo = fixtureRepo();
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('bundles the service and its libraries into one main.js that runs with only its own packages installed', async () => {
    const out = join(repo, 'out');
    const manifest = await packageService({ service: 'demo-service', repoRoot: repo, outDir: out });

    expect(manifest.packageJson.dependencies).toEqual({ 'fake-framework': '1.2.3', 'fake-helper': '4.5.6' });
    expect(JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'))).toEqual(manifest.packageJson);
    expect(readFileSync(join(out, 'package-lock.json'), 'utf8')).toContain('unused-package');
    const bundle = readFileSync(join(out, 'main.js'), 'utf8');
    expect(bundle).not.toMatch(/require\(["']@app\//);
    expect(bundle).not.toMatch(/require\(["']\.\.?\//);

    installFakePackages(out);
    const run = spawnSync(process.execPath, ['main.js'], { cwd: out, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('framework hello hello function');
  });

  it('explains what to run when the service was not compiled first', async () => {
    await expect(
      packageService({ service: 'missing-service', repoRoot: repo, outDir: join(repo, 'out') }),
    ).rejects.toThrow('run "npx nest build missing-service" first');
  });

  it('refuses a service name that could escape the dist folder', async () => {
    await expect(packageService({ service: '../etc', repoRoot: repo, outDir: join(repo, 'out') })).rejects.toThrow(
      'is not a service name',
    );
  });

  it('says which tsconfig.json it could not read for the import aliases', async () => {
    rmSync(join(repo, 'tsconfig.json'));
    await expect(
      packageService({ service: 'demo-service', repoRoot: repo, outDir: join(repo, 'out') }),
    ).rejects.toThrow(/^tsconfig\.json: .*tsconfig\.json/);
  });

  it('fails, naming the library, when an @app alias points at a library that was not compiled', async () => {
    writeFileSync(
      join(repo, 'tsconfig.json'),
      '{ "compilerOptions": { "paths": { "@app/greeting": ["./libs/greeting/src"], "@app/absent": ["./libs/absent/src"] } } }',
    );
    writeFileSync(
      join(repo, 'dist/apps/demo-service/libs/greeting/src/index.js'),
      'exports.greet = () => import("@app/absent").then(() => require("fake-helper/sub").word);',
    );
    await expect(
      packageService({ service: 'demo-service', repoRoot: repo, outDir: join(repo, 'out') }),
    ).rejects.toThrow(/Could not resolve "\.\/libs\/absent\/src"/);
  });

  it('prints the optional peers it kept and warns of packages missing from dependencies', async () => {
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    // fake-helper is only a devDependency, and fake-framework has an optional peer the root installs.
    manifest.dependencies = { 'fake-framework': '1.2.3', 'fake-peer': '0.1.0' };
    manifest.devDependencies = { 'fake-helper': '4.5.6' };
    writeFileSync(join(repo, 'package.json'), JSON.stringify(manifest));
    const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8'));
    lock.packages['node_modules/fake-framework'].peerDependencies = { 'fake-peer': '*' };
    lock.packages['node_modules/fake-peer'] = { version: '0.1.0' };
    writeFileSync(join(repo, 'package-lock.json'), JSON.stringify(lock));
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(await main(['--service', 'demo-service', '--repo', repo, '--out', join(repo, 'cli-out')])).toBe(0);
      expect(log.mock.calls.flat()).toEqual([
        'demo-service: 3 run-time packages',
        '  fake-framework@1.2.3',
        '  fake-helper@4.5.6',
        '  fake-peer@0.1.0',
        '  (optional peers kept: fake-peer)',
      ]);
      expect(warn.mock.calls.flat()).toEqual([
        'warning: demo-service imports fake-helper, which package.json has in devDependencies; the image installs it anyway, but it belongs in dependencies',
      ]);
    } finally {
      log.mockRestore();
      warn.mockRestore();
    }
  });

  it('prints the packages from the command line and asks for --service when missing', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await main(['--service', 'demo-service', '--repo', repo, '--out', join(repo, 'cli-out')])).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toContain('fake-helper@4.5.6');
      expect(await main([])).toBe(2);
      expect(error).toHaveBeenCalledWith(expect.stringContaining('usage'));
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
