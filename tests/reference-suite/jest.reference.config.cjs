// The reference's unit suite against the reference itself (proves the harness).
module.exports = require('./config.cjs').configFor('reference');
