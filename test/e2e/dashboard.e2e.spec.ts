import { signedIn } from '../support/accounts';
import { waitFor } from '../support/wait';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

describe('staff dashboard: what needs doing now', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('lists seats free near the deadline, a meetup nobody is invited to, unpublished announcements and dead letters, each with its link', async () => {
    const { cityId, memberIds } = await cityWithMembers(t, 5, 'dash');
    const soon = await scheduledMeetup(t, cityId, { capacityMax: 30, daysAhead: 4, title: 'Soon meetup' });
    await invite(t, soon, memberIds.slice(0, 2));
    const later = await scheduledMeetup(t, cityId, { daysAhead: 12, title: 'Later meetup' });
    // A message the worker is done with becomes a dead letter (before, the worker could still send it).
    const sent = await waitFor(async () => {
      const rows: { id: string }[] = await t.db.query(`SELECT id FROM outbox_messages WHERE state = 'sent' LIMIT 1`);
      return rows[0];
    });
    await t.db.query(
      `UPDATE outbox_messages SET state = 'dead', sent_at = NULL, last_error = '550 no such user' WHERE id = $1`,
      [sent.id],
    );
    const { agent } = await signedIn(t, 'staff');

    const page = (await agent.get('/').expect(200)).text;
    const todo = page.slice(page.indexOf('id="to-do"'), page.indexOf('class="stats"'));
    expect(todo).toContain(`href="/meetups/${soon}/invitations"`);
    expect(todo).toContain('30 seats free at Soon meetup');
    expect(todo).toContain(`href="/meetups/${later}/invitees"`);
    expect(todo).toContain('Nobody is invited to Later meetup');
    expect(todo).toContain(`href="/meetups/${later}/announcement"`);
    expect(todo).toContain(`href="/meetups/${soon}/announcement"`);
    expect(todo).toContain('1 email could not be delivered');
    // Soonest first: the RSVP deadline of the first meetup comes before anything of the second.
    expect(todo.indexOf(`/meetups/${soon}/`)).toBeLessThan(todo.indexOf(`/meetups/${later}/`));
    // The member count is exact, and the next meetups show their funnels.
    expect(page).toMatch(/<p class="stat">5<\/p>/);
    expect(page).toContain('class="funnel"');
  });
});
