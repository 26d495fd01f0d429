module.exports = { ...require('../../jest.preset.cjs'), displayName: 'demo', rootDir: __dirname, roots: ['<rootDir>/src'] };
