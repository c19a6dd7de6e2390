import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/**
 * Why the database could not do its part, when the fault is the server's and not the request's:
 * - `unavailable`: it is restarting, gone, or out of connections — worth trying again in seconds;
 * - `read-only`: it refuses writes (a standby, or `default_transaction_read_only` set by an operator);
 * - `full`: its disk is full.
 * The app answers these with 503 and says which; anything else stays a 500 (a bug to fix).
 */
export type DatabaseTrouble = 'unavailable' | 'read-only' | 'full';

/** Socket errors of the driver (node's codes) when the server is not there or went away mid-query. */
const GONE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** node-postgres and pg-pool say these in words only, without a code. */
const GONE_WORDS =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not available|the database system is (starting up|shutting down|in recovery mode)|is not currently accepting connections/i;

/** SQLSTATE classes and codes (PostgreSQL appendix A) that mean the server, not the statement. */
function fromSqlState(code: string): DatabaseTrouble | undefined {
  if (code === '25006') return 'read-only'; // read_only_sql_transaction
  if (code === '53100') return 'full'; // disk_full
  if (code.startsWith('53')) return 'unavailable'; // insufficient resources: memory, too many connections
  if (code.startsWith('08')) return 'unavailable'; // connection exception
  if (/^57P0[1-4]$/.test(code)) return 'unavailable'; // admin/crash shutdown, cannot connect now, database dropped
  return undefined;
}

export function databaseTrouble(error: unknown): DatabaseTrouble | undefined {
  // TypeORM gives a connection back as soon as it errs: a transaction's statements sent alongside the one that
  // met the lost connection (an RSVP sends a few at once) then fail with this, sometimes first.
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError)
    return 'unavailable';
  const cause = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  if (cause === null || typeof cause !== 'object') return undefined;
  const { code, message } = cause as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    const trouble = /^[0-9A-Z]{5}$/.test(code) ? fromSqlState(code) : GONE_CODES.has(code) ? 'unavailable' : undefined;
    if (trouble) return trouble;
  }
  if (typeof message === 'string' && GONE_WORDS.test(message)) return 'unavailable';
  return undefined;
}

/**
 * Runs `action`, and again every second while it fails for the database's trouble (a restart, a spell of
 * read-only), for up to `budgetMs`; other errors, and the last one, are thrown.
 */
export async function whileDatabaseTroubled<T>(action: () => Promise<T>, budgetMs: number): Promise<T> {
  const until = Date.now() + budgetMs;
  for (;;) {
    try {
      return await action();
    } catch (error) {
      if (databaseTrouble(error) === undefined || Date.now() + 1000 > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
