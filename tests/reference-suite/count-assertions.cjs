// Runs in every test file (both targets): after each test, appends how many assertions it
// made to the file named by REFERENCE_SUITE_ASSERTIONS, so that the runner can tell a test
// that passed from one that passed without reaching its assertions.
const { appendFileSync } = require('node:fs');
const path = require('node:path');

afterEach(() => {
  const out = process.env.REFERENCE_SUITE_ASSERTIONS;
  if (!out) return;
  const { testPath, currentTestName, assertionCalls } = expect.getState();
  appendFileSync(out, `${JSON.stringify({ file: path.basename(testPath), fullName: currentTestName, assertionCalls })}\n`);
});
