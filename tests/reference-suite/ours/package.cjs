// What the shims in this folder map the reference's modules to: cognito-wasm's built Node
// entries (dist/node, from `make build`). Each shim names which of our exports stands for
// what the reference's `src/<Module>` exports; nothing here implements behaviour.
const path = require('node:path');

const dist = path.resolve(__dirname, '../../../dist/node');
const ours = require(path.join(dist, 'index.cjs'));
const internals = require(path.join(dist, 'internals.cjs'));

/**
 * The reference's module `what` as ts-jest's compiled imports expect an ES module: `exports`
 * are our values (each must exist: a shim naming an export we lack is a harness bug), and each
 * name in `missing` is one we have no counterpart of: reading it throws, so every test that
 * uses it fails and says why.
 */
function esModule(what, exports, missing = []) {
  const module = {};
  Object.defineProperty(module, '__esModule', { value: true });
  for (const [name, value] of Object.entries(exports)) {
    if (value === undefined) throw new Error(`reference-suite shim for ${what}: cognito-wasm does not export ${name}`);
    module[name] = value;
  }
  for (const name of missing) {
    Object.defineProperty(module, name, {
      enumerable: true,
      get() {
        const export_ = name === 'default' ? 'default export' : `export ${name}`;
        throw new Error(`cognito-wasm has no counterpart of the ${export_} of the reference's ${what}`);
      },
    });
  }
  return module;
}

/** `src/<name>` whose default export is our export `name` (or `ours`, when it is named differently). */
const defaultExport = (name, oursName = name) => esModule(`src/${name}`, { default: ours[oursName] });

module.exports = { ours, internals, esModule, defaultExport };
