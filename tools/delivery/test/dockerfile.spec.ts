import { posix } from 'node:path';
import { expandArgs, labelsOf, parseDockerfile } from './support/dockerfile-model';
import { readRepoFile, repoFileExists } from './support/repo';

const source = readRepoFile('Dockerfile');
const { globalArgs, stages } = parseDockerfile(source);
const runtime = stages[stages.length - 1];
const stageNamed = (name: string) => stages.find((candidate) => candidate.name === name)!;
const instructionsOf = (keyword: string, stage = runtime) =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword);

/** The repository files a TypeScript entry point imports, directly or not (relative imports; packages excluded). */
function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readRepoFile(file).matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const target = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '');
      visit(repoFileExists(`${target}.ts`) ? `${target}.ts` : `${target}/index.ts`);
    }
  };
  visit(entry);
  return [...seen].sort();
}

describe('Dockerfile', () => {
  it('is multi-stage: packages, build, production packages, runtime last (the default target); the compose edge beside', () => {
    expect(stages.map((stage) => stage.name)).toEqual(['packages', 'build', 'deps', 'node-runtime', 'edge', 'runtime']);
    expect(stageNamed('build').from).toBe('packages');
    expect(stageNamed('edge').from).toBe('packages');
  });

  it("gives the compose edge every repository file it imports or reads (the gateway chart's table and schema)", () => {
    const copied = instructionsOf('COPY', stageNamed('edge')).flatMap((copy) => copy.args.split(/\s+/).slice(0, -1));
    const inImage = (file: string) => copied.some((source) => file === source || file.startsWith(`${source}/`));
    const needed = [
      ...importClosure('tools/edge/edge-cli.ts'),
      'helm/gateway/values.yaml',
      'helm/gateway/values.schema.json',
    ];
    expect(needed.filter((file) => !inImage(file))).toEqual([]);
  });

  it('builds from a pinned Node LTS release, never latest or an untagged image', () => {
    const stageNames = new Set(stages.map((stage) => stage.name));
    const images = stages
      .map((stage) => expandArgs(stage.from, globalArgs))
      .filter((image) => image !== 'scratch' && !stageNames.has(image));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(image).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(image).not.toMatch(/:latest$/);
    }
    const [major] = (globalArgs.NODE_VERSION ?? '').split('.').map(Number);
    expect({ version: globalArgs.NODE_VERSION, evenMajorAtLeast24: major >= 24 && major % 2 === 0 }).toEqual({
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      evenMajorAtLeast24: true,
    });
  });

  it('selects the service with ARG SERVICE and refuses to build without it', () => {
    const build = stageNamed('build');
    expect(instructionsOf('ARG', build).map((instruction) => instruction.args)).toContain('SERVICE');
    expect(instructionsOf('RUN', build).some((run) => run.args.includes('test -n "$SERVICE"'))).toBe(true);
    expect(instructionsOf('RUN', build).some((run) => run.args.includes('npx nest build "$SERVICE"'))).toBe(true);
  });

  it('installs with npm install (never npm ci), and the runtime packages with --omit=dev only', () => {
    const runs = stages.flatMap((stage) => instructionsOf('RUN', stage)).map((run) => run.args);
    expect(runs.filter((run) => /\bnpm ci\b/.test(run))).toEqual([]);
    const deps = instructionsOf('RUN', stageNamed('deps'))
      .map((run) => run.args)
      .join('\n');
    expect(deps).toMatch(/npm install --omit=dev --ignore-scripts/);
    expect(runs.some((run) => run.includes('tools/delivery/package-service.ts --service "$SERVICE"'))).toBe(true);
  });

  it('runs as a numeric non-root user', () => {
    const users = instructionsOf('USER');
    expect(users).toHaveLength(1);
    const [uid] = users[0].args.split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
  });

  it('ships no npm, and only the bundle, its package.json and its node_modules in /app', () => {
    const nodeRuntime = instructionsOf('RUN', stageNamed('node-runtime'))
      .map((run) => run.args)
      .join('\n');
    expect(nodeRuntime).toContain('rm -rf /usr/local/lib/node_modules /usr/local/bin/npm');
    expect(runtime.from).toBe('scratch');
    expect(instructionsOf('COPY').map((copy) => copy.args)).toEqual([
      '--from=node-runtime / /',
      '--from=deps /out/node_modules ./node_modules',
      '--from=deps /out/package.json ./package.json',
      '--from=build /out/main.js /out/main.js.map ./',
    ]);
  });

  it('carries the OCI labels, filled from build arguments', () => {
    const labels = labelsOf(runtime);
    for (const key of ['title', 'source', 'revision', 'version', 'created', 'licenses']) {
      expect(labels[`org.opencontainers.image.${key}`]).toMatch(/\$\{[A-Z_]+\}/);
    }
    const args = instructionsOf('ARG').map((instruction) => instruction.args.split('=')[0]);
    expect(args).toEqual(expect.arrayContaining(['SERVICE', 'VERSION', 'REVISION', 'CREATED', 'SOURCE', 'LICENSES']));
  });

  it('handles signals: tini as PID 1 in exec form, SIGTERM to stop, node started without a shell', () => {
    expect(instructionsOf('ENTRYPOINT').map((instruction) => JSON.parse(instruction.args))).toEqual([
      ['/sbin/tini', '--'],
    ]);
    expect(instructionsOf('CMD').map((instruction) => JSON.parse(instruction.args))).toEqual([['node', 'main.js']]);
    expect(instructionsOf('STOPSIGNAL').map((instruction) => instruction.args)).toEqual(['SIGTERM']);
  });

  it('listens on 3000, writes only to /tmp, and has a health check on /health/live', () => {
    expect(instructionsOf('EXPOSE').map((instruction) => instruction.args)).toEqual(['3000']);
    const env = instructionsOf('ENV')
      .map((instruction) => instruction.args)
      .join(' ');
    expect(env).toMatch(/NODE_ENV=production/);
    expect(env).toMatch(/PORT=3000/);
    expect(env).toMatch(/TMPDIR=\/tmp/);
    expect(instructionsOf('HEALTHCHECK')[0]?.args).toContain('/health/live');
  });
});

describe('.dockerignore', () => {
  const rules = readRepoFile('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  it('is an allow-list: everything is excluded unless named', () => {
    expect(rules[0]).toBe('*');
    expect(rules.filter((rule) => rule.startsWith('!'))).toEqual([
      '!package.json',
      '!package-lock.json',
      '!tsconfig.json',
      '!nest-cli.json',
      '!.swcrc',
      '!apps/',
      '!libs/',
      '!tools/delivery/',
    ]);
  });

  it('keeps local secrets, dependencies and build output out of the build context', () => {
    expect(rules).toEqual(expect.arrayContaining(['**/.env', '**/.env.*', '**/node_modules', '**/dist']));
  });
});
