module.exports = { ...require('../../jest.preset.cjs'), displayName: 'monitoring-kb-service', rootDir: __dirname, testTimeout: 90000 };
