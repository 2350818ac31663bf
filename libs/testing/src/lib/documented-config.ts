import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { workspaceRoot } from './app-process';

/** Variables listed in the first column of docs/configuration.md's table. */
export function documentedVariables(): Set<string> {
  const text = readFileSync(resolve(workspaceRoot, 'docs/configuration.md'), 'utf8');
  return new Set([...text.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/gm)].map((match) => match[1]));
}

/** The variables an env class validates that docs/configuration.md does not list. */
export function undocumentedVariables(envClass: new () => object): string[] {
  const documented = documentedVariables();
  const read = getMetadataStorage()
    .getTargetValidationMetadatas(envClass, '', true, false)
    .map((metadata) => metadata.propertyName);
  return [...new Set(read)].filter((name) => !documented.has(name)).sort();
}
