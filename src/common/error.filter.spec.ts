import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ErrorFilter } from './error.filter';
import { commonStrings } from './common.strings';
import { useStrings } from './strings';

// The filter's own words (error titles) are common's; app.module.ts loads every feature's.
useStrings(commonStrings);

/** The filter's answer to `thrown` on a JSON route: status and body. */
function answer(thrown: unknown): { status: number; body: Record<string, unknown> } {
  const out = { status: 0, body: {} as Record<string, unknown> };
  const res = {
    headersSent: false,
    status(code: number) {
      out.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      out.body = body;
    },
  };
  const req = { method: 'POST', originalUrl: '/api/x', path: '/api/x', xhr: false, accepts: () => 'json' };
  const host = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
  new ErrorFilter().catch(thrown, host);
  return out;
}

const refused = (code: string, constraint: string) =>
  new QueryFailedError('INSERT …', [], Object.assign(new Error(`violates "${constraint}"`), { code, constraint }));

describe('ErrorFilter', () => {
  it('keeps the status of a library error that carries one (body-parser 413/415)', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true });
    expect(answer(tooLarge)).toMatchObject({ status: 413, body: { message: 'request entity too large' } });
    const hidden = Object.assign(new Error('internal detail'), { status: 400, expose: false });
    expect(answer(hidden).body.message).not.toContain('internal detail');
  });

  it('answers a value PostgreSQL refused with a 4xx that names no constraint', () => {
    const range = answer(refused('22003', 'meetups_capacity_check'));
    expect(range.status).toBe(400);
    expect(JSON.stringify(range.body)).not.toContain('meetups_capacity_check');
    expect(answer(refused('23505', 'members_email_key')).status).toBe(409);
  });

  it('keeps a 500 for what is not the input’s fault', () => {
    expect(answer(refused('40001', 'x')).status).toBe(500);
    expect(answer(new Error('bug')).status).toBe(500);
  });
});
