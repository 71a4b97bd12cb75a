// ../src/CognitoIdToken: cognito-wasm's CognitoIdToken.
module.exports = require('./package.cjs').defaultExport('CognitoIdToken');
