// ../src/CognitoUser: cognito-wasm's CognitoUser.
module.exports = require('./package.cjs').defaultExport('CognitoUser');
