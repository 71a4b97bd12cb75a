// ../src/internals/index: the cognito-wasm/internals entry, every export as it is.
const { esModule, internals } = require('../package.cjs');
module.exports = esModule('src/internals/index', internals);
