const os = require('os');

/** @type {import('jest').Config} */
module.exports = {
  // At least two workers: the two offline Terraform files wait on terraform and provider processes much of the time,
  // so they can overlap (jest's default on two cores is one worker, every file in turn).
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__', '<rootDir>/tools'],
  // The tools use the library by its package name (tsconfig.json `paths` say the same for tsc).
  moduleNameMapper: {
    '^keyless-ai-inference$': '<rootDir>/constructs/index.ts',
    '^keyless-ai-inference/azure$': '<rootDir>/constructs/azure/index.ts',
    '^@keyless-ai-inference/(access-report|offline)$': '<rootDir>/tools/$1/index.ts',
  },
  testMatch: ['**/*.test.ts'],
  // Type checking is its own step (`tsc --noEmit`); jest only strips types.
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  setupFilesAfterEnv: ['<rootDir>/jest.setup.js'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
