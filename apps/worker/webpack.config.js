const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');
const { WorkspaceOnlyPlugin } = require('../../tools/webpack/src/workspace-only.plugin');

const workspaceRoot = join(__dirname, '../..');

module.exports = {
  output: {
    path: join(workspaceRoot, 'dist/apps/worker'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // Inference runs on worker threads, which need an entry point of their own.
      additionalEntryPoints: [
        {
          entryName: 'inference-thread',
          // Absolute: Nx resolves a relative entry path against the workspace root, not this folder.
          entryPath: join(workspaceRoot, 'libs/inference/src/lib/execution/inference-thread.ts'),
        },
      ],
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
    new WorkspaceOnlyPlugin(workspaceRoot),
  ],
};
