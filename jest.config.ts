import type { Config } from 'jest';

const shared = {
  preset: 'ts-jest',
  // Nest's log is kept per test and printed only when the test failed: expected errors stay quiet.
  testEnvironment: '<rootDir>/jest/quiet-node.environment.ts',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json' }] },
  moduleNameMapper: {
    '^@config-center/(core|testing|etcd|consul|apollo|nacos|zookeeper|live|cli)$': '<rootDir>/packages/$1/src',
    '^@config-center/core/(source-kit|sections|tooling|secrets|terminus|prometheus|opentelemetry)$': '<rootDir>/packages/core/src/$1',
    '^@config-center/nacos/protocol$': '<rootDir>/packages/nacos/src/protocol',
    '^@config-center/testing/harness$': '<rootDir>/packages/testing/src/harness',
    '^@config-center/live/sections$': '<rootDir>/packages/live/src/sections',
    '^@config-center/etcd/control-prefix$': '<rootDir>/packages/etcd/src/etcd-control-prefix',
    '^@config-center/etcd/control$': '<rootDir>/packages/etcd/src/control',
  },
  setupFiles: ['reflect-metadata'],
  setupFilesAfterEnv: ['<rootDir>/jest/capture-nest-log.setup.ts'],
} satisfies Config;

const config: Config = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/packages/*/src/**/*.spec.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/packages/*/test/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/apps/*/test/**/*.e2e-spec.ts'] },
  ],
};

export default config;
