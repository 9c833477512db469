// One runner for every test: unit (libs), API end-to-end (real PostgreSQL + Redis) and browser (Chromium).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  moduleNameMapper: {
    '^@ptce/domain$': '<rootDir>/libs/domain/src/index.ts',
    '^@ptce/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
    '^@ptce/server/(.*)$': '<rootDir>/libs/server/src/$1',
    '^@ptce/demo/(.*)$': '<rootDir>/libs/demo/src/$1',
    '^@ptce/ds-standin$': '<rootDir>/libs/ds-standin/src/index.ts',
    '^@ptce/ds-standin/(.*)$': '<rootDir>/libs/ds-standin/src/$1',
  },
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/apps/admin/'],
  // openid-client 6 (and its deps) ship ESM only: compiled to CommonJS like our sources (ProConnect sign-in).
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // Generous: the suite must stay green on a loaded 2-core machine (no test asserts a duration).
  testTimeout: 180000,
};
