import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Path of a built app's entry point, e.g. `distEntry(root, 'apps/gateway')` (or of another file
 * of its build); fails clearly when it was not built.
 */
export function distEntry(workspaceRoot: string, project: string, file = 'main.js'): string {
  const path = resolve(workspaceRoot, 'dist', project, file);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: build it first (npx nx build ${project.split('/')[1]})`);
  }
  return path;
}
