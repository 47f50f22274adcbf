import { isBuiltin } from 'node:module';
import type { Metafile } from 'esbuild';

/**
 * The npm package an import specifier points into: `lodash/fp` -> `lodash`, `@nestjs/core/injector` ->
 * `@nestjs/core`. Relative paths, absolute paths and Node built-ins belong to no package.
 */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return isValidPackageName(name) ? name : undefined;
}

function isValidPackageName(name: string): boolean {
  return /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name);
}

/** Every npm package the bundle still imports at run time, sorted, read from esbuild's metafile. */
export function externalPackagesOf(metafile: Metafile): string[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (!imported.external) continue;
      const name = packageNameOf(imported.path);
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}
