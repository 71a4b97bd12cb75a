// The reference's unit suite against cognito-wasm (dist/node, built by `make build`).
module.exports = require('./config.cjs').configFor('ours');
