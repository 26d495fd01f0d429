module.exports = { ...require('../../jest.preset.cjs'), displayName: 'datagen', rootDir: __dirname, roots: ['<rootDir>/src'], testTimeout: 60000 };
