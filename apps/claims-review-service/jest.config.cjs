module.exports = { ...require('../../jest.preset.cjs'), displayName: 'claims-review-service', rootDir: __dirname, testTimeout: 90000 };
