// `npm test` in this folder: the emulator's suite with its own coverage threshold (the command-line entry
// point is exercised by running it, like the services' main.ts files).

/** @type {import('jest').Config} */
module.exports = {
  ...require('./jest.config.js'),
  collectCoverageFrom: ['src/**/*.ts', '!src/cli.ts'],
  coverageThreshold: { global: { lines: 90 } },
};
