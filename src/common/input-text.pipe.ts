import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/** Deeper than any of our DTOs by far; a body nested deeper is refused before anything recurses into it. */
export const MAX_DEPTH = 32;

type Flaw = 'nul' | 'surrogate';

// A high surrogate not followed by a low one, or a low one not after a high one (String#isWellFormed is ES2024).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with one string (or key): NUL, which PostgreSQL text cannot hold, or a lone UTF-16 surrogate. */
function flawOf(text: string): Flaw | undefined {
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  return undefined;
}

interface Found {
  path: string[];
  flaw: Flaw | 'depth';
}

/**
 * The first flaw in a value, walked with an explicit stack (no recursion, so no depth can overflow
 * it): a string or key holding NUL or a lone surrogate, or nesting deeper than MAX_DEPTH. The path
 * is a linked list, turned into "rows.2.venue" only for the flaw found.
 */
function firstFlaw(root: unknown): Found | undefined {
  interface Step {
    value: unknown;
    depth: number;
    key?: string;
    parent?: Step;
  }
  const pathOf = (step: Step | undefined): string[] => {
    const path: string[] = [];
    for (let s = step; s?.key !== undefined; s = s.parent) path.unshift(s.key);
    return path;
  };
  const stack: Step[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const { value } = step;
    if (typeof value === 'string') {
      const flaw = flawOf(value);
      if (flaw) return { path: pathOf(step), flaw };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (step.depth >= MAX_DEPTH) return { path: pathOf(step), flaw: 'depth' };
    const keys = Object.keys(value);
    // Pushed in reverse, so the first field is looked at first and the first flaw is the one reported.
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      const key = keys[i];
      const flaw = flawOf(key);
      if (flaw) return { path: [...pathOf(step), key.split('\u0000').join('\\u0000')], flaw };
      stack.push({ value: (value as Record<string, unknown>)[key], depth: step.depth + 1, key, parent: step });
    }
  }
  return undefined;
}

/**
 * The same walk without paths: two flat stacks and no allocation per field, so a large clean body
 * (the bulk member import, 10,000 rows) pays one pass; only a flawed one is walked again for its path.
 */
function hasFlaw(root: unknown): boolean {
  const values: unknown[] = [root];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value === 'string') {
      if (flawOf(value)) return true;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) return true;
    for (const key of Object.keys(value)) {
      if (flawOf(key)) return true;
      values.push((value as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return false;
}

const REFUSALS: Record<Found['flaw'], (name: string) => string> = {
  nul: (name) => `${name} must not contain the NUL character (\\u0000).`,
  surrogate: (name) => `${name} must be valid Unicode text (it holds a lone surrogate such as \\ud800).`,
  depth: (name) => `${name} is nested more than ${MAX_DEPTH} levels deep.`,
};

/**
 * Text no one types, refused before a handler sees it, naming the field. PostgreSQL text cannot
 * hold NUL (a search for "%00" reached the database as an invalid byte sequence, a 500); a lone
 * surrogate ("\ud800") made the email validator throw, or was stored as U+FFFD; a body nested
 * thousands deep overflowed the stack of every recursive walk after it (class-transformer, JSON).
 */
@Injectable()
export class InputTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    if (!hasFlaw(value)) return value;
    const found = firstFlaw(value);
    if (found) {
      const name = [...(metadata.data ? [metadata.data] : []), ...found.path].join('.') || metadata.type;
      throw new BadRequestException(REFUSALS[found.flaw](name));
    }
    return value;
  }
}
