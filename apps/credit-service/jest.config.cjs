module.exports = { ...require('../../jest.preset.cjs'), displayName: 'credit-service', rootDir: __dirname, testTimeout: 90000 };
