// Fault injection against the built processes: the global setup builds dist/ once. Nx runs this
// project after platform-e2e (project.json) so the two never rebuild dist/ under each other's processes.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'faults',
  rootDir: __dirname,
  testTimeout: 240000,
  maxWorkers: 1,
  globalSetup: '<rootDir>/../../apps/platform-e2e/test/global-setup.cjs',
};
