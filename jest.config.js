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
};
