import { Readable } from 'node:stream';

export const MEMBER_HEADER = 'external_id,email,name,city,province,locale,registered_on,forum_posts,honorary';

/** A CSV body with the standard header and the given lines. */
export function memberCsv(...lines: string[]): string {
  return [MEMBER_HEADER, ...lines].join('\n') + '\n';
}

export const streamOf = (text: string) => Readable.from([Buffer.from(text)]);
