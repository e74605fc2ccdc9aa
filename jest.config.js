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
  testTimeout: 30000,
};
