// A year in a city through the built processes: the global setup builds dist/ once. Nx runs this
// project after faults (project.json) so the e2e projects never rebuild dist/ under each other.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'scenario',
  rootDir: __dirname,
  testTimeout: 600000,
  maxWorkers: 1,
  globalSetup: '<rootDir>/../../apps/platform-e2e/test/global-setup.cjs',
};
