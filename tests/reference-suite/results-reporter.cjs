// A jest reporter writing each test's file, full name, status and first failure line to the
// JSON file named by REFERENCE_SUITE_RESULTS (jest's own --json cannot serialise failures
// whose details hold a BigInt, as ours do).
const { writeFileSync } = require('node:fs');
const path = require('node:path');

class ResultsReporter {
  constructor() {
    this.files = [];
  }

  onTestResult(test, result) {
    this.files.push({
      file: path.basename(result.testFilePath),
      loadFailure: result.testExecError ? String(result.testExecError.message || result.failureMessage || '') : null,
      tests: result.testResults.map((t) => ({
        fullName: t.fullName,
        status: t.status,
        failure: (t.failureMessages || []).join('\n').split('\n').find((l) => l.trim())?.trim() || '',
      })),
    });
  }

  onRunComplete() {
    const out = process.env.REFERENCE_SUITE_RESULTS;
    if (!out) throw new Error('REFERENCE_SUITE_RESULTS is not set');
    writeFileSync(out, JSON.stringify({ files: this.files }));
  }
}

module.exports = ResultsReporter;
