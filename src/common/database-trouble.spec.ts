import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { databaseTrouble } from './database-trouble';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const failed = (code: string, message = 'x') => new QueryFailedError('SELECT 1', [], pgError(code, message));

describe('databaseTrouble', () => {
  it('reads a restart, a refused connection or a lost one as unavailable', () => {
    expect(databaseTrouble(failed('57P01', 'terminating connection due to administrator command'))).toBe('unavailable');
    expect(databaseTrouble(pgError('57P03', 'the database system is starting up'))).toBe('unavailable');
    expect(databaseTrouble(pgError('ECONNREFUSED'))).toBe('unavailable');
    expect(databaseTrouble(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(databaseTrouble(pgError('55000', 'database "x" is not currently accepting connections'))).toBe(
      'unavailable',
    );
    expect(databaseTrouble(new QueryRunnerAlreadyReleasedError())).toBe('unavailable');
  });

  it('tells read-only and a full disk apart', () => {
    expect(databaseTrouble(failed('25006', 'cannot execute INSERT in a read-only transaction'))).toBe('read-only');
    expect(databaseTrouble(failed('53100', 'could not extend file'))).toBe('full');
  });

  it('leaves bad input and bugs alone', () => {
    expect(databaseTrouble(failed('23505'))).toBeUndefined();
    expect(databaseTrouble(failed('42P01', 'relation "x" does not exist'))).toBeUndefined();
    expect(databaseTrouble(pgError('55000', 'object not in prerequisite state'))).toBeUndefined();
    expect(databaseTrouble(new TypeError('x is undefined'))).toBeUndefined();
    expect(databaseTrouble('text')).toBeUndefined();
  });
});
