// ../src/Client: the reference's Client is our CognitoClient (the class of `pool.client`).
module.exports = require('./package.cjs').defaultExport('Client', 'CognitoClient');
