// ../src/CognitoJwtToken: no counterpart (the access and ID token classes are not built on an exported base).
module.exports = require('./package.cjs').esModule('src/CognitoJwtToken', {}, ['default']);
