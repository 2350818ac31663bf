import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Thrown at start-up when an environment variable is missing or malformed. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Reads the variables a schema class declares from the environment, applies its defaults and
 * validates them, reporting every bad variable at once rather than the first one only.
 * Numbers need `@Type(() => Number)`: environment values are strings.
 * Empty strings count as unset, so `PORT=` falls back to the default like a missing `PORT`.
 */
export function loadConfig<T extends object>(
  schema: ClassConstructor<T>,
  env: NodeJS.ProcessEnv,
): T {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(schema, present, {
    excludeExtraneousValues: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(config, { forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0) {
    throw new ConfigValidationError(errors.flatMap((e) => describe(e, env)));
  }
  return config;
}

function describe(error: ValidationError, env: NodeJS.ProcessEnv): string[] {
  const given = env[error.property];
  const got = given === undefined ? 'not set' : `got ${JSON.stringify(given)}`;
  return Object.values(error.constraints ?? {}).map(
    (constraint) => `${error.property}: ${constraint.replace(`${error.property} `, '')} (${got})`,
  );
}
