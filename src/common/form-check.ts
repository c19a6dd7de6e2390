import { HttpException } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { isErrorText, Message } from './strings';

/**
 * Messages by field ("title", "meetups.0.cityId"); `_form` holds what belongs to no field. A
 * Message is a service's refusal in the viewer's language (templates show it with `{{text}}`).
 */
export type FormErrors = Record<string, (string | Message)[]>;

/**
 * What an HTTP error says: the English text the API answers, and what a page shows — the
 * viewer's language when the exception carries an ErrorText (strings.ts), else that English.
 */
export function refusalsOf(error: HttpException): { english: string; shown: string | Message }[] {
  const body = error.getResponse();
  if (isErrorText(body)) return [{ english: body.message, shown: body.shown }];
  const raw = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  return (Array.isArray(raw) ? raw : [raw ?? error.message]).map((m) => ({ english: String(m), shown: String(m) }));
}

function collect(errors: ValidationError[], into: FormErrors, prefix = ''): void {
  for (const e of errors) {
    const path = `${prefix}${e.property}`;
    // An unknown field is reported against the form, under its own name, not as a field of ours.
    const messages = Object.entries(e.constraints ?? {}).map(([rule, text]) => ({ rule, text }));
    for (const { rule, text } of messages) (into[rule === 'whitelistValidation' ? '_form' : path] ??= []).push(text);
    if (e.children?.length) collect(e.children, into, `${path}.`);
  }
}

/**
 * Validates a page form's body with the same DTO the JSON API uses, but
 * returns the messages by field instead of throwing, so the page can show
 * them beside the inputs with what the user typed kept.
 */
export async function checkForm<T extends object>(
  dto: ClassConstructor<T>,
  body: Record<string, unknown>,
): Promise<{ value: T; errors: FormErrors | null }> {
  // The CSRF field was checked by CsrfGuard; the API DTOs reused here do not know it.
  const { _csrf: _checked, ...fields } = body;
  const value = plainToInstance(dto, fields);
  const found = await validate(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (found.length === 0) return { value, errors: null };
  const errors: FormErrors = {};
  collect(found, errors);
  return { value, errors };
}

/**
 * A 4xx a service threw, as form errors: a message that starts with one of
 * `fields` (the services name the field first, e.g. "endsAt must be after
 * startsAt.") goes beside that field, anything else above the form. Other
 * errors (5xx, bugs) are not for the form: they are rethrown.
 */
export function formErrorsOf(error: unknown, fields: readonly string[]): { status: number; errors: FormErrors } {
  if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
  const errors: FormErrors = {};
  for (const { english, shown } of refusalsOf(error)) {
    const field = fields.find((f) => english.startsWith(`${f} `));
    (errors[field ?? '_form'] ??= []).push(shown);
  }
  return { status: error.getStatus(), errors };
}
