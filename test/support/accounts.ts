import request from 'supertest';
import { AccountsService } from '../../src/accounts/accounts.service';
import type { Role } from '../../src/common/role';
import { EngineersService } from '../../src/engineers/engineers.service';
import type { TestApp } from './test-app';

export const PASSWORD = 'correct horse battery staple';
let counter = 0;

/** An account of the given role (engineers get a profile too). */
export async function createAccount(t: TestApp, role: Role, email?: string) {
  counter += 1;
  const engineerId =
    role === 'engineer'
      ? (
          await t.app
            .get(EngineersService)
            .save({ engineerCode: `E${9000 + counter}`, name: `Engineer ${counter}`, productAreaIds: [] })
        ).id
      : null;
  return t.app.get(AccountsService).create({
    email: email ?? `${role}${counter}@meetloop.test`,
    name: `${role} ${counter}`,
    role,
    password: PASSWORD,
    engineerId,
  });
}

/** The CSRF token a page's forms carry. */
export const csrfFrom = (html: string) => /name=["']_csrf["'] value=["']([^"']+)["']/.exec(html)?.[1] ?? '';

/** A supertest agent signed in as a new account of `role`, plus a CSRF token for its forms. */
export async function signedIn(t: TestApp, role: Role) {
  const account = await createAccount(t, role);
  const agent = request.agent(t.app.getHttpServer());
  const login = await agent.get('/login').expect(200);
  await agent
    .post('/login')
    .type('form')
    .send({ email: account.email, password: PASSWORD, _csrf: csrfFrom(login.text) })
    .expect(303);
  const page = await agent.get('/account/password').expect(200);
  return { agent, account, csrf: csrfFrom(page.text) };
}
