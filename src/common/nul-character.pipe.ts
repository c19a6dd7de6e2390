import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/** The path of the first string (or key) holding NUL, e.g. "title" or "rows.2.venue"; undefined when none does. */
function nulAt(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (path.length > 20 || value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key.includes('\u0000')) return [...path, key.split('\u0000').join('\\u0000')];
    const found = nulAt(inner, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * PostgreSQL text cannot hold the NUL character: a search for "%00" reached the database as an
 * invalid byte sequence, a 500. No one types NUL, so any body, query or path value holding one is
 * refused, naming the field, before a handler sees it.
 */
@Injectable()
export class NulCharacterPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    // Bodies can be large (the bulk member import): one native pass rules most of them out before the walk.
    // JSON writes NUL as \u0000; a match may also be a typed backslash, which the walk then tells apart.
    if (typeof value === 'object' && value !== null && !JSON.stringify(value).includes('\\u0000')) return value;
    const path = nulAt(value);
    if (path) {
      const name = [...(metadata.data ? [metadata.data] : []), ...path].join('.') || metadata.type;
      throw new BadRequestException(`${name} must not contain the NUL character (\\u0000).`);
    }
    return value;
  }
}
