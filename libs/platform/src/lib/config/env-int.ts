import 'reflect-metadata';
import { Expose, Type } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/**
 * An integer environment variable within bounds. Environment values are strings, so it converts
 * first, and reports a single message that says what is accepted.
 */
export function EnvInt(min: number, max: number): PropertyDecorator {
  return (target, key) => {
    Expose()(target, key);
    Type(() => Number)(target, key as string);
    ValidateBy({
      name: 'envInt',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
        defaultMessage: () => `must be a whole number from ${min} to ${max}`,
      },
    })(target, key as string);
  };
}
