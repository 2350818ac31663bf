const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');
const { WorkspaceOnlyPlugin } = require('../../tools/webpack/src/workspace-only.plugin');

const workspaceRoot = join(__dirname, '../..');

module.exports = {
  output: {
    path: join(workspaceRoot, 'dist/apps/gateway'),
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
      assets: ['./src/views', './src/public'],
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
    new WorkspaceOnlyPlugin(workspaceRoot),
  ],
};
