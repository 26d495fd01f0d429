// Whole flows through the built processes: the global setup builds dist/ once.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'platform-e2e',
  rootDir: __dirname,
  testTimeout: 180000,
  globalSetup: '<rootDir>/test/global-setup.cjs',
};
