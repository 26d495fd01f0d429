module.exports = { ...require('../../jest.preset.cjs'), displayName: 'fund-pooling-service', rootDir: __dirname, testTimeout: 90000 };
