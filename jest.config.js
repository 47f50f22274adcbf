// Jest runs TypeScript through SWC compiled to CommonJS. NestJS 12 packages are ESM-only, so they (and
// other ESM-only dependencies) are let through the transform instead of being ignored.
const esmPackages = ['@nestjs', 'file-type', 'strtok3', 'token-types', 'peek-readable', 'uint8array-extras', 'load-esm'];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json', 'mjs', 'cjs'],
  testRegex: '.*\\.(spec|e2e-spec|system-spec)\\.ts$',
  transform: {
    '^.+\\.(t|j|mj|cj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: {
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  collectCoverageFrom: ['libs/*/src/**/*.ts', 'apps/*/src/**/*.ts', 'tools/**/*.ts', '!**/*.spec.ts', '!**/main.ts', '!**/index.ts'],
  coverageThreshold: { global: { lines: 80 } },
  testTimeout: 30000,
};
