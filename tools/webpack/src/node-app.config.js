const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');
const { WorkspaceOnlyPlugin } = require('./workspace-only.plugin');

const workspaceRoot = join(__dirname, '../../..');

/**
 * The webpack configuration of one of the Node apps (`apps/<name>`): one bundle per entry in
 * `dist/apps/<name>`, dependencies left to node_modules, and nothing from outside the workspace.
 * Extra entry points are given relative to the workspace root and made absolute here, because
 * Nx resolves a relative one against the workspace root, not the app's folder.
 *
 * @param {string} name the app's folder in apps/
 * @param {{ assets?: string[], additionalEntryPoints?: { entryName: string, entryPath: string }[] }} options
 */
function nodeAppConfig(name, { assets = [], additionalEntryPoints = [] } = {}) {
  return {
    output: {
      path: join(workspaceRoot, 'dist/apps', name),
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
        assets,
        additionalEntryPoints: additionalEntryPoints.map(({ entryName, entryPath }) => ({
          entryName,
          entryPath: join(workspaceRoot, entryPath),
        })),
        tsConfig: './tsconfig.app.json',
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: true,
        sourceMap: true,
      }),
      new WorkspaceOnlyPlugin(workspaceRoot),
    ],
  };
}

module.exports = { nodeAppConfig };
