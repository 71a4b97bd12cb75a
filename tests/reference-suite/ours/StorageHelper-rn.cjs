// ../src/StorageHelper-rn.js: no counterpart (React Native's AsyncStorage-backed helper).
module.exports = require('./package.cjs').esModule('src/StorageHelper-rn', {}, ['default']);
