/**
 * Turns `nest build <service>` output into what one service image needs:
 *   <out>/main.js          the service's own code (app + libs) bundled into one file, npm packages left external
 *   <out>/package.json     exactly the packages that bundle imports, at the root lockfile's versions
 *   <out>/package-lock.json the root lockfile, so `npm install --omit=dev` there keeps every transitive version
 * Usage: npx tsx tools/delivery/package-service.ts --service product-service [--out /out] [--repo .]
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import ts from 'typescript';
import { aliasesFromTsconfigPaths, compiledServiceLayout, ownCodeOnlyPlugin } from './lib/app-aliases';
import type { Lockfile, RootManifest } from './lib/lockfile';
import { externalPackagesOf } from './lib/package-names';
import { buildServiceManifest, type ServiceManifest } from './lib/service-manifest';

export interface PackageServiceOptions {
  service: string;
  repoRoot: string;
  outDir: string;
}

export async function packageService({ service, repoRoot, outDir }: PackageServiceOptions): Promise<ServiceManifest> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(service)) throw new Error(`"${service}" is not a service name`);
  const { compiledRoot, entry } = compiledServiceLayout(repoRoot, service);
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run "npx nest build ${service}" first`);
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile: join(outDir, 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Nest resolves providers and names loggers by class name, so names must survive bundling.
    keepNames: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: repoRoot,
    plugins: [ownCodeOnlyPlugin(compiledRoot, readAliases(repoRoot))],
  });
  const root = readJson<RootManifest>(join(repoRoot, 'package.json'));
  const lock = readJson<Lockfile>(join(repoRoot, 'package-lock.json'));
  const manifest = buildServiceManifest(service, externalPackagesOf(result.metafile), root, lock);
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(manifest.packageJson, null, 2)}\n`);
  copyFileSync(join(repoRoot, 'package-lock.json'), join(outDir, 'package-lock.json'));
  return manifest;
}

function readAliases(repoRoot: string): ReturnType<typeof aliasesFromTsconfigPaths> {
  const { config, error } = ts.readConfigFile(join(repoRoot, 'tsconfig.json'), ts.sys.readFile);
  if (error) throw new Error(`tsconfig.json: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  return aliasesFromTsconfigPaths(config?.compilerOptions?.paths);
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      service: { type: 'string' },
      out: { type: 'string', default: 'out' },
      repo: { type: 'string', default: '.' },
    },
  });
  if (!values.service) {
    console.error('usage: package-service.ts --service <name>-service [--out DIR] [--repo DIR]');
    return 2;
  }
  const manifest = await packageService({
    service: values.service,
    repoRoot: resolve(values.repo),
    outDir: resolve(values.out),
  });
  const dependencies = Object.entries(manifest.packageJson.dependencies);
  console.log(`${values.service}: ${dependencies.length} run-time packages`);
  for (const [name, version] of dependencies) console.log(`  ${name}@${version}`);
  if (manifest.addedPeers.length > 0) console.log(`  (optional peers kept: ${manifest.addedPeers.join(', ')})`);
  for (const warning of manifest.warnings) console.warn(`warning: ${warning}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
