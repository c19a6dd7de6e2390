import type { Request } from 'express';

/** A new session id at sign-in (no fixation), holding only the member: a staff sign-in in it ends. */
export async function startMemberSession(req: Request, memberId: string): Promise<void> {
  await new Promise<void>((ok, fail) => req.session.regenerate((e) => (e ? fail(e) : ok())));
  req.session.memberId = memberId;
  await new Promise<void>((ok, fail) => req.session.save((e) => (e ? fail(e) : ok())));
}

export async function endMemberSession(req: Request): Promise<void> {
  delete req.session.memberId;
  delete req.member;
  await new Promise<void>((ok, fail) => req.session.save((e) => (e ? fail(e) : ok())));
}
