// ../src/CognitoUserSession: cognito-wasm's CognitoUserSession.
module.exports = require('./package.cjs').defaultExport('CognitoUserSession');
