const { isAbsolute, relative, sep } = require('node:path');

/**
 * Fails a webpack build that reaches outside the workspace, for an entry point or for a module.
 *
 * A path that climbs out of the repository (`../../libs/…` resolved against the wrong folder, a
 * package found in a parent folder's node_modules) builds only where such a folder happens to
 * exist, or where a resolver falls back to a look-alike path. A user's machine has neither.
 */
class WorkspaceOnlyPlugin {
  /** @param {string} workspaceRoot absolute path of the repository */
  constructor(workspaceRoot) {
    this.workspaceRoot = workspaceRoot;
  }

  /** @param {import('webpack').Compiler} compiler */
  apply(compiler) {
    const { WebpackError } = compiler.webpack;
    compiler.hooks.thisCompilation.tap(WorkspaceOnlyPlugin.name, (compilation) => {
      for (const path of this.entryPaths(compiler.options.entry)) {
        if (!this.isInside(path)) {
          compilation.errors.push(new WebpackError(`entry point ${path} is ${this.outside}`));
        }
      }
      compilation.hooks.finishModules.tap(WorkspaceOnlyPlugin.name, (modules) => {
        for (const module of modules) {
          const resource = module.resource;
          if (typeof resource === 'string' && !this.isInside(resource)) {
            compilation.errors.push(new WebpackError(`module ${resource} is ${this.outside}`));
          }
        }
      });
    });
  }

  get outside() {
    return `outside the workspace ${this.workspaceRoot}: a build may only use files of this repository`;
  }

  /** Absolute file paths the static entry configuration names. */
  entryPaths(entry) {
    if (typeof entry !== 'object' || entry === null) return [];
    return Object.values(entry)
      .flatMap((description) => [description.import ?? description].flat())
      .filter((request) => typeof request === 'string' && isAbsolute(request));
  }

  /** @param {string} resource */
  isInside(resource) {
    const file = resource.split('?')[0];
    if (!isAbsolute(file)) return true;
    const path = relative(this.workspaceRoot, file);
    return path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path);
  }
}

module.exports = { WorkspaceOnlyPlugin };
