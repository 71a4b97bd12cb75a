// ../src/CognitoUserAttribute: cognito-wasm's CognitoUserAttribute.
module.exports = require('./package.cjs').defaultExport('CognitoUserAttribute');
