// ../src/CognitoAccessToken: cognito-wasm's CognitoAccessToken.
module.exports = require('./package.cjs').defaultExport('CognitoAccessToken');
