import { Expose, Type } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/** A variable holding a share from 0 to 1 (e.g. `0.01`), read as a number. */
export function EnvFraction(): PropertyDecorator {
  return (target, key) => {
    Expose()(target, key);
    Type(() => Number)(target, key as string);
    ValidateBy({
      name: 'envFraction',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1,
        defaultMessage: () => 'must be a number from 0 to 1, e.g. 0.01',
      },
    })(target, key as string);
  };
}
