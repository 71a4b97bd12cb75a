// ../src/AuthenticationDetails: cognito-wasm's AuthenticationDetails.
module.exports = require('./package.cjs').defaultExport('AuthenticationDetails');
