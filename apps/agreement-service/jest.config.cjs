module.exports = { ...require('../../jest.preset.cjs'), displayName: 'agreement-service', rootDir: __dirname, testTimeout: 90000 };
