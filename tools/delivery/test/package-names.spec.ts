import type { Metafile } from 'esbuild';
import { externalPackagesOf, packageNameOf } from '../lib/package-names';

describe('packageNameOf', () => {
  it.each([
    ['mongoose', 'mongoose'],
    ['lodash/fp', 'lodash'],
    ['@nestjs/core', '@nestjs/core'],
    ['@nestjs/core/injector/module', '@nestjs/core'],
    ['class-validator', 'class-validator'],
  ])('%s belongs to the package %s', (specifier, name) => {
    expect(packageNameOf(specifier)).toBe(name);
  });

  it.each(['fs', 'node:fs', 'node:test', 'crypto', './local', '../up', '/abs/path', '@scope-only'])(
    '%s belongs to no npm package',
    (specifier) => {
      expect(packageNameOf(specifier)).toBeUndefined();
    },
  );
});

describe('externalPackagesOf', () => {
  const output = (imports: Metafile['outputs'][string]['imports']): Metafile => ({
    inputs: {},
    outputs: { 'out/main.js': { bytes: 1, inputs: {}, imports, exports: [] } },
  });

  it('lists each external npm package once, sorted, and leaves out built-ins and bundled code', () => {
    const metafile = output([
      { path: 'rxjs', kind: 'require-call', external: true },
      { path: '@nestjs/core', kind: 'require-call', external: true },
      { path: 'rxjs/operators', kind: 'require-call', external: true },
      { path: 'node:crypto', kind: 'require-call', external: true },
      { path: 'path', kind: 'require-call', external: true },
      { path: 'dist/libs/auth/src/index.js', kind: 'require-call' },
    ]);
    expect(externalPackagesOf(metafile)).toEqual(['@nestjs/core', 'rxjs']);
  });

  it('counts lazily required packages too, since they are needed the moment the code path runs', () => {
    const metafile = output([{ path: '@opentelemetry/sdk-node', kind: 'require-call', external: true }]);
    expect(externalPackagesOf(metafile)).toEqual(['@opentelemetry/sdk-node']);
  });
});
