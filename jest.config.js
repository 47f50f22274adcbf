// Jest runs TypeScript through SWC compiled to CommonJS. NestJS 12 packages are ESM-only, so they (and
// other ESM-only dependencies) are let through the transform instead of being ignored.
const esmPackages = [
  '@nestjs',
  'content-disposition',
  'file-type',
  'strtok3',
  'token-types',
  'peek-readable',
  'uint8array-extras',
  'load-esm',
];

const base = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json', 'mjs', 'cjs'],
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
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 30000,
};

/** The e2e and system tiers resolve one MongoDB per run and hand its URI to their workers. */
const database = {
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    // Unit: one class or function, nothing outside the process (no network, database, child process).
    {
      ...base,
      displayName: 'unit',
      testRegex: '(libs|apps|tools|helm|pulumi)/.*\\.spec\\.ts$',
      testPathIgnorePatterns: [...base.testPathIgnorePatterns, '/tools/mongo-emulator/'],
    },
    // Tests that need something real outside the process but no MongoDB: Redis, RabbitMQ, shell scripts,
    // real tools (helm, actionlint, shellcheck, stripe-mock). Named `*.integration-spec.ts`.
    {
      ...base,
      displayName: 'integration',
      testRegex: '(libs|apps|tools|helm|pulumi|test)/.*\\.integration-spec\\.ts$',
    },
    // The emulator is a package of its own (tools/mongo-emulator/package.json) with its own Jest config; its
    // suite starts its own emulators and runs here as the project 'mongo-emulator'.
    '<rootDir>/tools/mongo-emulator',
    // One app (or one tool) against a real database: MONGODB_URI, mongodb-memory-server, else the emulator.
    {
      ...base,
      ...database,
      displayName: 'e2e',
      testRegex: '(apps/[^/]+/test/.*|tools/.*)\\.e2e-spec\\.ts$',
    },
    // Every service as its own process behind the local edge, on the same database resolution.
    { ...base, ...database, displayName: 'system', testRegex: 'test/system/.*\\.system-spec\\.ts$' },
  ],
  collectCoverageFrom: [
    'libs/*/src/**/*.ts',
    'apps/*/src/**/*.ts',
    'tools/**/*.ts',
    // The emulator is a development tool with its own package and its own coverage threshold
    // (tools/mongo-emulator/jest.coverage.config.js), not part of the services' code.
    '!tools/mongo-emulator/**',
    // Tests of every tier are not the code under test.
    '!**/*.spec.ts',
    '!**/*-spec.ts',
    '!**/test/**',
    '!**/main.ts',
    '!**/index.ts',
    // Command-line entry points (like each app's main.ts) are exercised by running them, not by unit tests;
    // their logic lives in the modules they import, which are covered.
    '!tools/**/cli.ts',
    '!tools/**/*-cli.ts',
    '!tools/dev/dev.ts',
    // Started only by `npm run test:ferretdb` (a check against FerretDB, not part of `npm test`).
    '!tools/db/ferretdb*.ts',
    '!tools/dev/db.ts',
    '!tools/smoke/smoke.ts',
    // Benchmarks are measured by running them (npm run bench*), not by the test suite.
    '!tools/bench/**',
    '!**/*-fixture.ts',
  ],
  coverageThreshold: { global: { lines: 90, branches: 90 } },
  testTimeout: 30000,
  // One test file at a time (the tiers share Redis, RabbitMQ and local ports), but in a worker process that is
  // replaced once it holds more than this after a file. In band, what test files leave behind (each Pulumi spec
  // loads @pulumi/aws afresh) piled up in Jest's own process until it ran out of heap after ~29 minutes.
  maxWorkers: 1,
  workerIdleMemoryLimit: '1GB',
};
