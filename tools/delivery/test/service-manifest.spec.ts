import { installedClosure, type Lockfile, resolveInstallPath, type RootManifest } from '../lib/lockfile';
import { buildServiceManifest } from '../lib/service-manifest';

const lock: Lockfile = {
  lockfileVersion: 3,
  packages: {
    '': { version: '1.0.0' },
    'node_modules/@nestjs/core': { version: '12.5.1', dependencies: { tslib: '^2' } },
    'node_modules/@nestjs/swagger': {
      version: '12.0.2',
      dependencies: { 'swagger-ui-dist': '5' },
      peerDependencies: { '@fastify/static': '^10', '@nestjs/core': '^12', typescript: '^6' },
    },
    'node_modules/@fastify/static': { version: '10.1.11', dependencies: { glob: '^11' } },
    'node_modules/swagger-ui-dist': { version: '5.30.0' },
    'node_modules/tslib': { version: '2.8.1' },
    'node_modules/glob': { version: '11.0.0' },
    'node_modules/@fastify/static/node_modules/glob': { version: '10.4.5' },
    'node_modules/typescript': { version: '6.0.3', dev: true },
    'node_modules/mongodb': { version: '7.9.0', dev: true },
    'node_modules/bcryptjs': { version: '3.0.3' },
    'node_modules/bson': { version: '7.3.4' },
  },
};

const root: RootManifest = {
  name: 'ecommerce-platform',
  version: '0.1.0',
  license: 'UNLICENSED',
  dependencies: {
    '@nestjs/core': '12.5.1',
    '@nestjs/swagger': '12.0.2',
    '@fastify/static': '10.1.11',
    bcryptjs: '3.0.3',
  },
  devDependencies: { typescript: '6.0.3', mongodb: '7.9.0' },
};

describe('lockfile resolution', () => {
  it('finds a nested copy before the top-level one, like Node does', () => {
    expect(resolveInstallPath(lock, 'node_modules/@fastify/static', 'glob')).toBe(
      'node_modules/@fastify/static/node_modules/glob',
    );
    expect(resolveInstallPath(lock, 'node_modules/@nestjs/core', 'glob')).toBe('node_modules/glob');
    expect(resolveInstallPath(lock, '', 'left-pad')).toBeUndefined();
  });

  it("finds a package in the node_modules of a nested package's parent, before the top level", () => {
    const nested: Lockfile = {
      lockfileVersion: 3,
      packages: {
        'node_modules/a': { version: '1.0.0' },
        'node_modules/a/node_modules/b': { version: '1.0.0' },
        'node_modules/a/node_modules/c': { version: '2.0.0' },
        'node_modules/c': { version: '1.0.0' },
      },
    };
    expect(resolveInstallPath(nested, 'node_modules/a/node_modules/b', 'c')).toBe('node_modules/a/node_modules/c');
    expect(resolveInstallPath(nested, 'node_modules/a/node_modules/b', 'd')).toBeUndefined();
  });

  it('walks dependencies, optional dependencies and peers', () => {
    const closure = installedClosure(lock, ['@nestjs/swagger']);
    expect([...closure.keys()].sort()).toEqual([
      'node_modules/@fastify/static',
      'node_modules/@fastify/static/node_modules/glob',
      'node_modules/@nestjs/core',
      'node_modules/@nestjs/swagger',
      'node_modules/swagger-ui-dist',
      'node_modules/tslib',
      'node_modules/typescript',
    ]);
  });
});

describe('buildServiceManifest', () => {
  it('pins exactly the imported packages at the lockfile versions', () => {
    const { packageJson, warnings } = buildServiceManifest('user-service', ['@nestjs/core', 'bcryptjs'], root, lock);
    expect(packageJson).toEqual({
      name: 'user-service',
      version: '0.1.0',
      private: true,
      description: expect.stringContaining('user-service'),
      license: 'UNLICENSED',
      dependencies: { '@nestjs/core': '12.5.1', bcryptjs: '3.0.3' },
    });
    expect(warnings).toEqual([]);
  });

  it('keeps optional peers the repository installs (swagger UI needs @fastify/static) but not dev-only ones', () => {
    const manifest = buildServiceManifest('product-service', ['@nestjs/swagger'], root, lock);
    expect(manifest.packageJson.dependencies).toEqual({
      '@fastify/static': '10.1.11',
      '@nestjs/core': '12.5.1',
      '@nestjs/swagger': '12.0.2',
    });
    expect(manifest.addedPeers).toEqual(['@fastify/static', '@nestjs/core']);
  });

  it('installs a package the code imports even when package.json lists it as a devDependency, and says so', () => {
    const manifest = buildServiceManifest('order-service', ['mongodb', 'bson'], root, lock);
    expect(manifest.packageJson.dependencies).toEqual({ bson: '7.3.4', mongodb: '7.9.0' });
    expect(manifest.warnings).toEqual([
      expect.stringMatching(/imports bson, which package.json has in no dependency list/),
      expect.stringMatching(/imports mongodb, which package.json has in devDependencies/),
    ]);
  });

  it('refuses a bundle that imports a package the repository does not install, naming it', () => {
    expect(() => buildServiceManifest('cart-service', ['@nestjs/core', 'left-pad'], root, lock)).toThrow(
      /cart-service imports packages that are not installed at the repository root: left-pad/,
    );
  });

  it('carries the root overrides so transitive versions match the repository', () => {
    const withOverrides = { ...root, overrides: { glob: '11.0.0' } };
    expect(buildServiceManifest('cart-service', ['@nestjs/core'], withOverrides, lock).packageJson.overrides).toEqual({
      glob: '11.0.0',
    });
  });
});
