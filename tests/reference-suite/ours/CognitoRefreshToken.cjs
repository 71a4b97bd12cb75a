// ../src/CognitoRefreshToken: cognito-wasm's CognitoRefreshToken.
module.exports = require('./package.cjs').defaultExport('CognitoRefreshToken');
