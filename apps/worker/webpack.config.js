const { nodeAppConfig } = require('../../tools/webpack/src/node-app.config');

module.exports = nodeAppConfig('worker', {
  // Inference runs on worker threads, which need an entry point of their own.
  additionalEntryPoints: [
    {
      entryName: 'inference-thread',
      entryPath: 'libs/inference/src/lib/execution/inference-thread.ts',
    },
  ],
});
