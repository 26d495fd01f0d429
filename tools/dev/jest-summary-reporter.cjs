// Writes each jest run's totals to tmp/test-results/<project>.json so `npm test` can print one
// closing line for the whole workspace (tools/dev/test-summary.mjs).
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig, options, context) {
    this.name = (context && context.config && context.config.displayName && context.config.displayName.name) || String(Date.now());
  }

  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '../../tmp/test-results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, `${this.name}.json`),
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests,
        skipped: results.numPendingTests + results.numTodoTests,
        suitesFailed: results.numFailedTestSuites,
        // The names and first lines of what failed, so the closing summary can repeat them at the
        // very end of the output (CI shows only its tail).
        failures: results.testResults.flatMap((file) => {
          const rel = path.relative(path.join(__dirname, '../..'), file.testFilePath);
          const tests = file.testResults
            .filter((t) => t.status === 'failed')
            .map((t) => ({ file: rel, test: t.fullName, message: firstLines(t.failureMessages.join('\n')) }));
          if (tests.length === 0 && file.testExecError) {
            return [{ file: rel, test: '(suite failed to run)', message: firstLines(String(file.testExecError.message)) }];
          }
          return tests;
        }),
      }),
    );
  }
}

function firstLines(text) {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  return plain
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 12)
    .join('\n');
}

module.exports = SummaryReporter;
