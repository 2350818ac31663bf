const { nodeAppConfig } = require('../../tools/webpack/src/node-app.config');

module.exports = nodeAppConfig('gateway', { assets: ['./src/views', './src/public'] });
