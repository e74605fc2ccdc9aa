/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests', '<rootDir>/examples', '<rootDir>/packages/cli/tests', '<rootDir>/packages/cdk/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^shardline$': '<rootDir>/src/index.ts',
    '^shardline/testing$': '<rootDir>/src/testing/index.ts',
    '^shardline/dynamodb$': '<rootDir>/src/formats/dynamodb/index.ts',
    '^shardline/cloudwatch-logs$': '<rootDir>/src/formats/cloudwatch-logs/index.ts',
    '^shardline/eventbridge$': '<rootDir>/src/formats/eventbridge/index.ts',
    '^@shardline/cli$': '<rootDir>/packages/cli/src/index.ts',
    '^shardline/deployment$': '<rootDir>/src/deployment/index.ts',
    '^shardline/idempotency$': '<rootDir>/src/idempotency/index.ts',
    '^shardline/observability$': '<rootDir>/src/observability/index.ts',
    '^shardline/windows$': '<rootDir>/src/windows/index.ts',
    '^@shardline/cdk$': '<rootDir>/packages/cdk/src/index.ts',
    // Sources import each other as `./x.js` (what Node's ES module loader needs); Jest runs the .ts.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  // Generous: the CLI tests start tsx child processes, which a loaded 2-core machine makes slow.
  testTimeout: 60000,
};

export default config;
