module.exports = { ...require('../../jest.preset.cjs'), displayName: 'testing', rootDir: __dirname, testTimeout: 90000 };
