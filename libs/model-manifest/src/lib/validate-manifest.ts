import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ManifestSchema } from './manifest-schema';
import type { ModelManifest } from './model-manifest';

/** Thrown when a manifest is not one the inference library can use; names the file and the field. */
export class InvalidManifestError extends Error {
  constructor(source: string, problems: string[]) {
    super(`invalid model manifest ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidManifestError';
  }
}

/** Checks a parsed manifest against {@link ManifestSchema} and returns it typed, or throws listing every problem. */
export function validateManifest(value: unknown, source: string): ModelManifest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidManifestError(source, ['is not a JSON object']);
  }
  const errors = validateSync(plainToInstance(ManifestSchema, value));
  if (errors.length > 0) throw new InvalidManifestError(source, describe(errors));
  return value as ModelManifest;
}

/** Every failed rule as `path: what it must be`; a message that starts with `.` or `:` continues the path. */
function describe(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = [...new Set(Object.values(error.constraints ?? {}))]
      .flatMap((message) => message.split('; '))
      .map((message) => (/^[.:]/.test(message) ? `${path}${message}` : `${path}: ${message}`));
    return [...own, ...describe(error.children ?? [], path)];
  });
}
