// ../src/index: the main entry, every export as it is (the suite snapshots the export list).
const { esModule, ours } = require('./package.cjs');
module.exports = esModule('src/index', ours);
