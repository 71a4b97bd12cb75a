// ../src/DateHelper: cognito-wasm's DateHelper.
module.exports = require('./package.cjs').defaultExport('DateHelper');
