/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^shardline$': '<rootDir>/src/index.ts',
    '^shardline/testing$': '<rootDir>/src/testing/index.ts',
    '^shardline/dynamodb$': '<rootDir>/src/formats/dynamodb/index.ts',
  },
  // Generous: the CLI tests start tsx child processes, which a loaded 2-core machine makes slow.
  testTimeout: 60000,
};
