import { aliasesFromTsconfigPaths, compiledServiceLayout, resolveAlias } from '../lib/app-aliases';

describe('import aliases', () => {
  const aliases = aliasesFromTsconfigPaths({
    '@app/auth': ['./libs/auth/src'],
    '@app/*': ['./libs/*/src/'],
    '@empty': [],
  });

  it('reads tsconfig paths as repository-relative folders', () => {
    expect(aliases).toEqual({ '@app/auth': 'libs/auth/src', '@app/*': 'libs/*/src' });
    expect(aliasesFromTsconfigPaths(undefined)).toEqual({});
  });

  it('resolves exact aliases and wildcards, and leaves npm packages alone', () => {
    expect(resolveAlias('@app/auth', aliases)).toBe('libs/auth/src');
    expect(resolveAlias('@app/health', aliases)).toBe('libs/health/src');
    expect(resolveAlias('@nestjs/core', aliases)).toBeUndefined();
  });

  it('knows where nest build puts a service', () => {
    expect(compiledServiceLayout('/repo', 'cart-service')).toEqual({
      compiledRoot: '/repo/dist/apps/cart-service',
      entry: '/repo/dist/apps/cart-service/apps/cart-service/src/main.js',
    });
  });
});
