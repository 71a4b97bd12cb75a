// ../src/AuthenticationHelper: cognito-wasm's AuthenticationHelper.
module.exports = require('./package.cjs').defaultExport('AuthenticationHelper');
