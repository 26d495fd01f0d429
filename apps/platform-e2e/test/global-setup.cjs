const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  execFileSync(process.execPath, [path.join(__dirname, '../../../tools/build/build.mjs')], { stdio: 'inherit' });
};
