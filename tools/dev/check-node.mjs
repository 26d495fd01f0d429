// npm scripts run with node_modules/.bin first on PATH, where the `node` devDependency puts
// Node 24. This guard explains what to do when that is not the case (e.g. before `npm ci`).
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(
    `This project runs on Node 24 (found ${process.version}). Run \`npm ci\` first: it installs Node 24 ` +
      'into node_modules/.bin, which every npm script uses.',
  );
  process.exit(1);
}
