// ../src/UserAgent: appendToCognitoUserAgent from the main entry, the add... functions from
// cognito-wasm/internals, and getAmplifyUserAgent is our getCognitoUserAgent (both return the
// X-Amz-User-Agent value requests carry). The UserAgent class (the default, whose prototype
// holds the string) has no counterpart: the string lives in the wasm.
const { esModule, ours, internals } = require('./package.cjs');
module.exports = esModule(
  'src/UserAgent',
  {
    appendToCognitoUserAgent: ours.appendToCognitoUserAgent,
    addAuthCategoryToCognitoUserAgent: internals.addAuthCategoryToCognitoUserAgent,
    addFrameworkToCognitoUserAgent: internals.addFrameworkToCognitoUserAgent,
    getAmplifyUserAgent: ours.getCognitoUserAgent,
  },
  ['default'],
);
