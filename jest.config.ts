import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false }] },
  moduleNameMapper: {
    '^shardline$': '<rootDir>/src/index.ts',
    '^shardline/testing$': '<rootDir>/src/testing/index.ts',
  },
  testTimeout: 30_000,
};

export default config;
