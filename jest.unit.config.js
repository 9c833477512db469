// Pure unit tests only (no database): handy while working on libs/.
const base = require('./jest.config.js');
module.exports = {
  ...base,
  globalSetup: undefined,
  globalTeardown: undefined,
  testMatch: ['<rootDir>/libs/**/*.spec.ts'],
};
