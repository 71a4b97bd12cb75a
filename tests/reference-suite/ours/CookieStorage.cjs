// ../src/CookieStorage: cognito-wasm's CookieStorage.
module.exports = require('./package.cjs').defaultExport('CookieStorage');
