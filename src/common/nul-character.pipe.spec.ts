import { BadRequestException } from '@nestjs/common';
import { NulCharacterPipe } from './nul-character.pipe';

describe('NulCharacterPipe', () => {
  const pipe = new NulCharacterPipe();

  it('names the field that holds NUL, however deep', () => {
    expect(() => pipe.transform({ title: 'a\u0000b' }, { type: 'body' })).toThrow(
      new BadRequestException('title must not contain the NUL character (\\u0000).'),
    );
    expect(() => pipe.transform({ rows: [{ venue: 'ok' }, { venue: '\u0000' }] }, { type: 'body' })).toThrow(
      'rows.1.venue must not contain',
    );
    expect(() => pipe.transform('a\u0000', { type: 'query', data: 'q' })).toThrow('q must not contain');
    expect(() => pipe.transform('\u0000', { type: 'param' })).toThrow('param must not contain');
  });

  it('lets everything else through unchanged', () => {
    const body = { title: '成都同城会', n: 3, list: ['a', null], nested: { ok: true } };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(pipe.transform(undefined, { type: 'query', data: 'q' })).toBeUndefined();
    // A typed backslash-u-0000 is text, not NUL.
    const typed = { note: 'write \\u0000 for NUL' };
    expect(pipe.transform(typed, { type: 'body' })).toBe(typed);
  });
});
