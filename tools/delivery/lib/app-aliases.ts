import { join } from 'node:path';
import type { Plugin } from 'esbuild';

/** Import alias -> folder relative to the repository root, e.g. `@app/auth` -> `libs/auth/src`. */
export type AliasMap = Record<string, string>;

/** Reads tsconfig `compilerOptions.paths` (first target of each entry; `@app/*` style wildcards allowed). */
export function aliasesFromTsconfigPaths(paths: Record<string, string[]> = {}): AliasMap {
  const aliases: AliasMap = {};
  for (const [alias, targets] of Object.entries(paths)) {
    if (targets.length > 0) aliases[alias] = targets[0].replace(/^\.\//, '').replace(/\/$/, '');
  }
  return aliases;
}

/** The repository-relative folder an aliased specifier points to, or undefined when it is no alias. */
export function resolveAlias(specifier: string, aliases: AliasMap): string | undefined {
  for (const [alias, target] of Object.entries(aliases)) {
    if (alias === specifier) return target;
    if (alias.endsWith('/*') && specifier.startsWith(alias.slice(0, -1))) {
      return target.replace('*', specifier.slice(alias.length - 1));
    }
  }
  return undefined;
}

/**
 * Bundles the service's own compiled code and nothing else: aliases such as `@app/service-kit` (which tsc leaves
 * untouched inside dynamic imports) resolve to the compiled library under `compiledRoot`; every other bare
 * specifier is an npm package or a Node built-in and stays an external `require`.
 */
export function ownCodeOnlyPlugin(compiledRoot: string, aliases: AliasMap): Plugin {
  return {
    name: 'own-code-only',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.kind === 'entry-point') return undefined;
        const target = resolveAlias(args.path, aliases);
        if (target === undefined) return { path: args.path, external: true };
        const resolved = await build.resolve(`./${target}`, { kind: args.kind, resolveDir: compiledRoot });
        return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path };
      });
    },
  };
}

/** Where `nest build <service>` (tsc, rootDir ".") writes a service and the libraries it compiles with it. */
export function compiledServiceLayout(repoRoot: string, service: string): { compiledRoot: string; entry: string } {
  const compiledRoot = join(repoRoot, 'dist', 'apps', service);
  return { compiledRoot, entry: join(compiledRoot, 'apps', service, 'src', 'main.js') };
}
