import { BadRequestException } from '@nestjs/common';
import { InputTextPipe, MAX_DEPTH } from './input-text.pipe';

describe('InputTextPipe', () => {
  const pipe = new InputTextPipe();

  it('names the field that holds NUL, however deep', () => {
    expect(() => pipe.transform({ title: 'a\u0000b' }, { type: 'body' })).toThrow(
      new BadRequestException('title must not contain the NUL character (\\u0000).'),
    );
    expect(() => pipe.transform({ rows: [{ venue: 'ok' }, { venue: '\u0000' }] }, { type: 'body' })).toThrow(
      'rows.1.venue must not contain',
    );
    expect(() => pipe.transform({ 'a\u0000b': 1 }, { type: 'body' })).toThrow('a\\u0000b must not contain');
    expect(() => pipe.transform('a\u0000', { type: 'query', data: 'q' })).toThrow('q must not contain');
    expect(() => pipe.transform('\u0000', { type: 'param' })).toThrow('param must not contain');
  });

  it('reports the first field in order when several are wrong', () => {
    expect(() => pipe.transform({ a: 'ok', b: '\u0000', c: '\u0000' }, { type: 'body' })).toThrow('b must not');
  });

  it('refuses a lone surrogate, naming the field', () => {
    expect(() => pipe.transform({ email: 'a\ud800@x.test' }, { type: 'body' })).toThrow(
      'email must be valid Unicode text',
    );
    expect(() => pipe.transform({ name: 'x\udc00' }, { type: 'body' })).toThrow('name must be valid Unicode');
    // A whole pair is a real character (an emoji).
    const emoji = { name: 'fan 😀' };
    expect(pipe.transform(emoji, { type: 'body' })).toBe(emoji);
  });

  it('refuses nesting deeper than MAX_DEPTH without overflowing the stack', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(() => pipe.transform(deep, { type: 'body' })).toThrow(`nested more than ${MAX_DEPTH} levels deep`);
    let fine: unknown = 'x';
    for (let i = 0; i < MAX_DEPTH; i += 1) fine = { a: fine };
    expect(pipe.transform(fine, { type: 'body' })).toBe(fine);
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
