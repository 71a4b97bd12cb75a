// ../src/utils/cryptoSecureRandomInt: no counterpart (randomness comes from the wasm's getrandom).
module.exports = require('../package.cjs').esModule('src/utils/cryptoSecureRandomInt', {}, ['default']);
