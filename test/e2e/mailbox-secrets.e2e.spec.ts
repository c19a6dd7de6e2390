import request from 'supertest';
import { signedIn } from '../support/accounts';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

describe('secrets in the Mailbox', () => {
  let t: TestApp;
  let messageId: string;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    const { cityId, memberIds } = await cityWithMembers(t, 1, 'secret');
    const meetupId = await scheduledMeetup(t, cityId);
    [token] = [...(await invite(t, meetupId, memberIds)).values()];
    const listed = await waitFor(
      async () => {
        const list = await request(t.app.getHttpServer()).get('/api/mailbox').set('Authorization', t.bearer);
        return (list.body as { id: string; envelopeTo: string[] }[]).find((m) =>
          m.envelopeTo.includes('secret-0@example.com'),
        );
      },
      90_000,
      'the invitation at the SMTP sink',
    );
    messageId = listed!.id;
  });
  afterAll(() => t.close());

  it('masks RSVP and unsubscribe links for staff, in the API and on the page', async () => {
    const { agent } = await signedIn(t, 'staff');
    const api = await agent.get(`/api/mailbox/${messageId}`).expect(200);
    expect(api.body.masked).toBe(true);
    expect(JSON.stringify(api.body)).not.toContain(token);
    expect(api.body.text).toContain('/rsvp/••••••');
    expect(api.body.headers['list-unsubscribe'] ?? '').not.toMatch(/unsubscribe\/[A-Za-z0-9]/);
    const page = await agent.get(`/mailbox/${messageId}`).expect(200);
    expect(page.text).not.toContain(token);
    expect(page.text).toContain('Admins see them working.');
    const html = await agent.get(`/mailbox/${messageId}/html`).expect(200);
    expect(html.text).not.toContain(token);
  });

  it('shows admins the working links', async () => {
    const { agent } = await signedIn(t, 'admin');
    const api = await agent.get(`/api/mailbox/${messageId}`).expect(200);
    expect(api.body.masked).toBe(false);
    expect(api.body.text).toContain(`/rsvp/${token}`);
  });
});
