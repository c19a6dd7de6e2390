import { BadRequestException, NotFoundException } from '@nestjs/common';
import { IdPipe } from './id.pipe';

describe('IdPipe', () => {
  const meta = { type: 'param' as const, data: 'id' };

  it('takes whole numbers an integer column can hold', () => {
    expect(new IdPipe().transform('1', meta)).toBe(1);
    expect(new IdPipe().transform('2147483647', meta)).toBe(2147483647);
  });

  it.each(['-1', '1.5', '1e3', 'abc', '', ' 1'])('refuses %p with a 400 naming the parameter', (value) => {
    expect(() => new IdPipe().transform(value, meta)).toThrow(BadRequestException);
    expect(() => new IdPipe().transform(value, meta)).toThrow('id must be a whole number.');
  });

  it.each(['0', '2147483648', '99999999999', '123456789012345678901234567890'])(
    'answers %p, which no row can have, with a 404 rather than asking the database',
    (value) => {
      expect(() => new IdPipe().transform(value, meta)).toThrow(NotFoundException);
    },
  );

  it('lets an optional one be left out', () => {
    expect(new IdPipe({ optional: true }).transform(undefined, meta)).toBeUndefined();
    expect(new IdPipe({ optional: true }).transform('', meta)).toBeUndefined();
    expect(() => new IdPipe({ optional: true }).transform('x', meta)).toThrow(BadRequestException);
  });
});
