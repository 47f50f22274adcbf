// The emulator's own Jest project. The root config lists this folder among its projects, so the root's
// `npm test` runs these specs as the project 'mongo-emulator'; coverage of the emulator is measured only by
// this package's own `npm test` (jest.coverage.config.js), never in the services' coverage figure.

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'mongo-emulator',
  rootDir: __dirname,
  testEnvironment: 'node',
  testRegex: 'test/.*\\.spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  testTimeout: 30000,
};
