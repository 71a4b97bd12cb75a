// ../src/CognitoUserPool: cognito-wasm's CognitoUserPool.
module.exports = require('./package.cjs').defaultExport('CognitoUserPool');
