import { IsOptional, IsString } from 'class-validator';

/** Base of every HTML form body: the CSRF field rides along and is checked by CsrfGuard. */
export class FormDto {
  @IsOptional()
  @IsString()
  _csrf?: string;
}

/**
 * For optional numeric fields of forms and query strings: an empty field is
 * "not given", anything else becomes a number for the validators to judge.
 */
export const optionalNumber = ({ value }: { value: unknown }) =>
  value === undefined || value === null || value === '' ? undefined : Number(value);

/** An empty form or query field counts as not given. */
export const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
