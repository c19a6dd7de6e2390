import request from 'supertest';
import { csrfFrom, signedIn } from '../support/accounts';
import { answer } from '../support/check-in';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Every staff page in Chinese, with data like the demo's (a city, members, a meetup with answers that
 * look automated, a planner proposal, the ranking and its map): no English word may show outside
 * names, emails, ids, codes and city names that have no Chinese form. Texts built in services (the
 * ranking's "why", the planner's reasons, automated-answer reasons) are on these pages too.
 */
describe('staff pages in zh-CN', () => {
  let t: TestApp;
  let agent: ReturnType<typeof request.agent>;
  const allowed = new Set<string>();

  beforeAll(async () => {
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
    const { cityId, memberIds } = await cityWithMembers(t, 8, 'zh');
    const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 3, title: '成都粉丝同城会' });
    const tokens = await invite(t, meetupId, memberIds.slice(0, 6));
    // Accept and decline within seconds: the staff list shows the automated-answer reasons.
    await answer(t, tokens.get(memberIds[0])!, 'accept');
    await answer(t, tokens.get(memberIds[0])!, 'decline');
    for (const id of memberIds.slice(1, 5)) await answer(t, tokens.get(id)!, 'accept');
    await t.db.query(`UPDATE members SET unsubscribed_at = now() WHERE id = $1`, [memberIds[5]]);
    const signed = await signedIn(t, 'admin');
    agent = signed.agent;
    await t.db.query(`UPDATE accounts SET locale = 'zh-CN' WHERE id = $1`, [signed.account.id]);
    // Names, emails and cities are data, shown as they are.
    const data: { name: string; email: string }[] = await t.db.query(
      `SELECT name, email FROM members UNION ALL SELECT title, venue || ' ' || address FROM meetups`,
    );
    const cities: { name: string }[] = await t.db.query(`SELECT name FROM cities`);
    const accounts: { name: string; email: string }[] = await t.db.query(`SELECT name, email FROM accounts`);
    for (const text of [...data, ...accounts].flatMap((r) => [r.name, r.email]).concat(cities.map((c) => c.name)))
      for (const word of text.split(/[^A-Za-z]+/)) if (word) allowed.add(word);
    pages.push(`/meetups/${meetupId}`, `/meetups/${meetupId}/edit`, `/meetups/${meetupId}/announcement`);
    pages.push(`/meetups/${meetupId}/invitations`, `/meetups/${meetupId}/invitees`, `/meetups/${meetupId}/questions`);
    pages.push(`/meetups/${meetupId}/check-in`, `/meetups/${meetupId}/roster`, `/members/${memberIds[0]}`);
    const [{ id: invitationId }] = await t.db.query(
      `SELECT id::text FROM invitations WHERE meetup_id = $1 AND state = 'accepted' LIMIT 1`,
      [meetupId],
    );
    pages.push(`/meetups/${meetupId}/invitations/${invitationId}/withdraw`);
  });
  afterAll(() => t.close());

  const pages = [
    '/',
    '/members',
    '/members/import',
    '/cities',
    '/cities/ranking',
    '/cities/ranking?order=density',
    '/cities/map',
    '/planner',
    '/schedule',
    '/meetups',
    '/meetups/new',
    '/engineers',
    '/engineers/new',
    '/accounts',
    '/mailbox',
    '/check-in',
    '/account/password',
  ];

  /** Words, codes and formats a Chinese page shows as they are. */
  const AS_IS = new Set(
    ['Meetloop', 'CSV', 'API', 'JSON', 'Excel', 'Markdown', 'HTML', 'URL', 'ID', 'SMTP', 'Message', 'English'].concat(
      // Time zones, units and the status of the mail sink's own protocol.
      ['Asia', 'Shanghai', 'Urumqi', 'GMT', 'UTC', 'CST', 'Natural', 'Earth', 'GeoNames', 'E', 'https', 'http'],
      // Codes staff type or read as they are: languages, the date format, the encoding, a setting's name.
      ['CN', 'en', 'UTF', 'YYYY', 'MM', 'DD', 'FORUM', 'WEBHOOK'],
    ),
  );

  function englishWords(html: string): string[] {
    const text = html
      .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ' ')
      .replace(/<(code|pre|textarea)[\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&[a-z]+;|&#\d+;/g, ' ')
      .replace(/[\w.+-]+@[\w.-]+/g, ' ')
      .replace(/\bhttps?:\/\/\S+/g, ' ');
    const attributes = [...html.matchAll(/\b(?:placeholder|title|aria-label|alt)=(["'])(.*?)\1/g)].map((m) =>
      m[2].replace(/\bhttps?:\/\/\S+/g, ' '),
    );
    return [text, ...attributes]
      .join(' ')
      .split(/[^A-Za-z]+/)
      .filter((w) => w.length >= 2 && !AS_IS.has(w) && !allowed.has(w));
  }

  it('shows no English word on any staff page', async () => {
    const found: string[] = [];
    for (const path of pages) {
      const res = await agent.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(csrfFrom(res.text) || path).toBeTruthy();
      // The Mailbox lists the emails as they were sent, in each member's language: their subjects are data.
      if (path === '/mailbox')
        for (const { subject } of await t.db.query(`SELECT subject FROM mailbox_messages`))
          for (const word of String(subject).split(/[^A-Za-z]+/)) if (word) allowed.add(word);
      const words = [...new Set(englishWords(res.text))];
      if (words.length) found.push(`${path}: ${words.join(' ')}`);
    }
    expect(found).toEqual([]);
  });

  it('catches English when there is some', () => {
    expect(englishWords('<p>你好 Publish the announcement</p>')).toEqual(['Publish', 'the', 'announcement']);
  });
});
