// Tests run as CommonJS through SWC. The few ESM-only dependencies are transformed too, and so is
// PGlite: its CommonJS build still calls import(), which jest's module sandbox cannot run.
const esmOnly = ['p-queue', 'p-timeout', 'kdbush', 'geokdbush', 'tinyqueue', 'eventemitter3', '@electric-sql/pglite'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.c?(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 30000,
  // Most suites wait on sockets, child processes and PostgreSQL rather than the CPU, so one worker per
  // core (not jest's cores - 1, which is one worker on a 2-core CI machine) halves the wall time.
  maxWorkers: '100%',
};
