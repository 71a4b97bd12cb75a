// ../src/StorageHelper: we export MemoryStorage; the StorageHelper class (the default) has no
// counterpart (our pool picks its storage inside the wasm).
const { esModule, ours } = require('./package.cjs');
module.exports = esModule('src/StorageHelper', { MemoryStorage: ours.MemoryStorage }, ['default']);
