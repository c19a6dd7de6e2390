import { IsInt, Matches, Max, Min, ValidationOptions } from 'class-validator';

/** The largest value of a PostgreSQL `integer`: the type of most ids and counts. */
export const MAX_INTEGER = 2_147_483_647;

/**
 * A whole number from `min` to `max` that PostgreSQL's `integer` can hold. `@IsInt()` alone let
 * 2147483648 through to the database, which refused it as out of range: a 500. One message, naming
 * the field, for every way the value can be wrong.
 */
export function WholeNumber(min: number, max = MAX_INTEGER, options: ValidationOptions = {}): PropertyDecorator {
  return (target, key) => {
    const name = options.each ? `each of ${String(key)}` : String(key);
    const message = options.message ?? `${name} must be a whole number from ${min} to ${max}`;
    const rule = { ...options, message };
    IsInt(rule)(target, key);
    Min(min, rule)(target, key);
    Max(max, rule)(target, key);
  };
}

/** The id of a row (a city, an engineer, a product area): 1 to the largest `integer`. */
export const RowId = (options: ValidationOptions = {}): PropertyDecorator => WholeNumber(1, MAX_INTEGER, options);

/** Text with something in it: the database refuses names of only spaces (`btrim(name) <> ''`), so a 400 does first. */
export function NotBlank(options: ValidationOptions = {}): PropertyDecorator {
  return (target, key) =>
    Matches(/\S/, { ...options, message: options.message ?? `${String(key)} must not be blank` })(target, key);
}
