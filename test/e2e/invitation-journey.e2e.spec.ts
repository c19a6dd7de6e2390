import request from 'supertest';
import type { Locale } from '../../src/common/locale';
import { parseIcs } from '../support/check-in';
import { PageForm, theForm } from '../support/html-forms';
import { decodeEntities, linksIn, mailTo, ReceivedMail, subjectsTo } from '../support/mailbox';
import { cityWithMembers, scheduledMeetup } from '../support/meetups';
import { productAreas } from '../support/questions';
import { createTestApp, TestApp } from '../support/test-app';

const PUBLIC_URL = 'http://meetups.example.test:8080';
const TITLE = 'Journey meetup';
/** Steps that wait for the delivery worker and the SMTP sink: the machine is shared, so be patient. */
const MAIL_STEP = 300_000;
const QUESTION = 'Will the night mode of the camera come to older phones?';

/** What the member reads, in their language: subjects of the emails and sentences of the RSVP page. */
const WORDS: Record<
  Locale,
  {
    invited: (city: string) => string;
    coming: string;
    waitlisted: string;
    notComing: string;
    seatFree: string;
    seatYours: string;
    pending: string;
    accepted: string;
    thanksComing: string;
    inLine: (position: number) => string;
    offered: string;
    questionAdded: string;
    camera: string;
  }
> = {
  en: {
    invited: (city) => `You're invited: ${TITLE} in ${city}`,
    coming: `You're coming: ${TITLE}`,
    waitlisted: `You're on the waitlist: ${TITLE}`,
    notComing: `You're not coming: ${TITLE}`,
    seatFree: `A seat is free for you: ${TITLE}`,
    seatYours: `The seat is yours: ${TITLE}`,
    pending: 'You have not answered yet.',
    accepted: 'You are coming: your seat is kept for you.',
    thanksComing: 'Thank you! You are coming. A confirmation with your check-in code is on its way.',
    inLine: (n) => `The meetup is full. You are number ${n} on the waitlist`,
    offered: 'A seat is free for you! Take it before',
    questionAdded: 'Your question was added. Thank you!',
    camera: 'Camera',
  },
  'zh-CN': {
    invited: (city) => `邀请你参加：${city} · ${TITLE}`,
    coming: `已确认参加：${TITLE}`,
    waitlisted: `已进入候补：${TITLE}`,
    notComing: `已回复无法参加：${TITLE}`,
    seatFree: `有空位留给你：${TITLE}`,
    seatYours: `座位已确认：${TITLE}`,
    pending: '你还没有回复。',
    accepted: '你会参加：你的座位已为你保留。',
    thanksComing: '谢谢！你会参加。带有签到码的确认邮件正在发送。',
    inLine: (n) => `本场已满。你是候补第 ${n} 位`,
    offered: '有一个空位留给你！请在',
    questionAdded: '你的问题已提交，谢谢！',
    camera: '相机',
  },
};

interface Invitee {
  memberId: string;
  email: string;
  name: string;
  locale: Locale;
  /** The personal RSVP link, as read from the delivered invitation email. */
  link: URL;
}

/**
 * Issue 6's whole path, through the app's real mail path (outbox → pg-boss worker → SMTP → the
 * embedded sink) and the pages a member's browser sees: staff send a wave, members read the
 * email, follow the link, answer with the page's forms, leave a question; a decline hands the
 * seat to the waitlisted member, who is mailed and takes it. The steps run in order and share
 * the meetup.
 */
describe('the invitation journey, through the real SMTP sink', () => {
  let t: TestApp;
  let meetupId: number;
  let city: string;
  let areas: Record<string, number>;
  /** Ranked first, second and third: a, b and c. */
  let a: Invitee, b: Invitee, c: Invitee;
  const http = () => request(t.app.getHttpServer());
  const words = (who: Invitee) => WORDS[who.locale];
  /** A page as the member reads it: entities decoded, so sentences compare as written. */
  const open = async (path: string, status = 200) => {
    const res = await http().get(path).expect(status);
    return { html: res.text, text: decodeEntities(res.text) };
  };
  /** Submits a page's form as a browser would: its method, its action, its hidden fields and what the member filled in. */
  const submit = (form: PageForm, filled: Record<string, string> = {}) => {
    expect(form.method).toBe('post');
    return http()
      .post(form.action)
      .type('form')
      .send({ ...form.hidden, ...filled });
  };
  const answerForm = (html: string, answer: 'accept' | 'decline') =>
    theForm(html, (f) => f.hidden.answer === answer, answer);
  const invitationOf = async (who: Invitee) =>
    (
      await t.db.query(
        `SELECT id::text, state, waitlist_seq, offer_expires_at FROM invitations WHERE meetup_id = $1 AND member_id = $2`,
        [meetupId, who.memberId],
      )
    )[0] as { id: string; state: string; waitlist_seq: number | null; offer_expires_at: Date | null };
  const seats = async () =>
    (await t.db.query(`SELECT seats_taken, capacity_max FROM meetups WHERE id = $1`, [meetupId]))[0] as {
      seats_taken: number;
      capacity_max: number;
    };
  /** Everything an RSVP or question may change (outbox rows by id: the worker updates them as it sends). */
  const snapshot = async () => ({
    invitations: await t.db.query(`SELECT * FROM invitations ORDER BY id`),
    meetups: await t.db.query(`SELECT * FROM meetups ORDER BY id`),
    questions: await t.db.query(`SELECT * FROM questions ORDER BY id`),
    outbox: await t.db.query(`SELECT id FROM outbox_messages ORDER BY id`),
  });
  /** The one RSVP link of a delivered message: to PUBLIC_URL, in the HTML and the text part alike. */
  const rsvpLinkOf = (mail: ReceivedMail) => {
    const links = linksIn(mail.html)
      .map((href) => new URL(href))
      .filter((u) => u.pathname.startsWith('/rsvp/'));
    expect(links).toHaveLength(1);
    expect(links[0].origin).toBe(PUBLIC_URL);
    expect(mail.text).toContain(links[0].href);
    return links[0];
  };
  const attachment = (mail: ReceivedMail, filename: string) => {
    const found = mail.attachments.find((x) => x.filename === filename);
    if (!found) throw new Error(`no ${filename} among ${mail.attachments.map((x) => x.filename).join(', ')}`);
    return found;
  };
  /** The check-in QR code the confirmation carries: a PNG attachment the HTML shows as an image. */
  const expectCheckInCode = (mail: ReceivedMail) => {
    const qr = attachment(mail, 'check-in.png');
    expect(qr.contentType).toBe('image/png');
    const png = Buffer.from(qr.content, 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // The message refers to it by cid; the sink's parser inlines it as a data URI of the same bytes.
    const img = /<img\b[^>]*\bsrc="data:image\/png;base64,([^"]+)"/.exec(mail.html);
    expect(img?.[1]).toBe(qr.content);
  };

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL });
    areas = await productAreas(t);
    const made = await cityWithMembers(t, 6, 'journey');
    city = (await t.db.query(`SELECT name FROM cities WHERE id = $1`, [made.cityId]))[0].name;
    meetupId = await scheduledMeetup(t, made.cityId, { capacityMax: 2, title: TITLE });
  });
  afterAll(() => t.close());

  it('staff review the ranked proposal and send the first wave through the JSON API', async () => {
    // Three invitations for two seats, so that the third acceptance waits in line.
    await http()
      .patch(`/api/meetups/${meetupId}/invitations/settings`)
      .set('Authorization', t.bearer)
      .send({ firstWaveSize: 3 })
      .expect(200);
    const proposal = await http().get(`/api/meetups/${meetupId}/invitees`).set('Authorization', t.bearer).expect(200);
    expect(proposal.body.nextWave).toMatchObject({ first: true, size: 3 });
    const proposed = (
      proposal.body.invitees as { memberId: string; email: string; name: string; locale: Locale; proposed: boolean }[]
    ).filter((i) => i.proposed);
    expect(proposed).toHaveLength(3);

    const sent = await http()
      .post(`/api/meetups/${meetupId}/invitations`)
      .set('Authorization', t.bearer)
      .send({ wave: 'next', proposed: proposed.map((p) => p.memberId) })
      .expect(201);
    expect(sent.body).toMatchObject({ wave: 1, invited: 3, skipped: 0 });
    [a, b, c] = proposed.map((p) => ({ ...p, link: new URL(PUBLIC_URL) }));
    // The members speak both languages, so the emails below show each one's own.
    expect(new Set([a.locale, b.locale, c.locale])).toEqual(new Set(['en', 'zh-CN']));
    const [meetup] = await t.db.query(`SELECT status, seats_taken FROM meetups WHERE id = $1`, [meetupId]);
    expect(meetup).toEqual({ status: 'inviting', seats_taken: 0 });
    for (const who of [a, b, c]) expect((await invitationOf(who)).state).toBe('pending');
  });

  it(
    'delivers each invitation to the SMTP sink in the member’s language, with their link, the .ics and List-Unsubscribe',
    async () => {
      for (const who of [a, b, c]) {
        const mail = await mailTo(t, who.email, words(who).invited(city));
        expect(mail.envelopeTo).toEqual([who.email]);
        expect(mail.copies).toBe(1);
        expect(mail.html).toContain(who.name);
        expect(mail.text).toContain(who.name);
        who.link = rsvpLinkOf(mail);
        expect(who.link.pathname).toMatch(/^\/rsvp\/[A-Za-z0-9_-]{43}$/);

        const unsubscribe = /^<(.+)>$/.exec(mail.headers['list-unsubscribe'] ?? '')?.[1];
        expect(unsubscribe).toMatch(new RegExp(`^${PUBLIC_URL}/unsubscribe/`));
        expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
        expect(linksIn(mail.html)).toContain(unsubscribe);

        const ics = attachment(mail, 'meetup.ics');
        expect(ics.contentType).toBe('text/calendar');
        const { cal, vevent, event } = parseIcs(ics.content);
        expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
        expect(event.summary).toBe(TITLE);
        expect(event.uid).toBe(`meetup-${meetupId}-member-${who.memberId}@meetups.example.test`);
        expect(vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Asia/Shanghai');
        expect(String(vevent.getFirstPropertyValue('attendee')).toLowerCase()).toBe(`mailto:${who.email}`);
      }
      expect(new Set([a.link.href, b.link.href, c.link.href]).size).toBe(3);
    },
    MAIL_STEP,
  );

  it('shows the invitation behind the emailed link with Accept and Decline, and the GET changes nothing', async () => {
    const before = await snapshot();
    const page = await open(a.link.pathname);
    expect(page.text).toContain(TITLE);
    expect(page.text).toContain(words(a).pending);
    expect(answerForm(page.html, 'accept').action).toBe(a.link.pathname);
    expect(answerForm(page.html, 'decline').action).toBe(a.link.pathname);
    expect(await snapshot()).toEqual(before);
    expect((await invitationOf(a)).state).toBe('pending');
  });

  it(
    'accepts with the page’s form, and the confirmation with the check-in QR code arrives',
    async () => {
      const page = await open(a.link.pathname);
      const accepted = await submit(answerForm(page.html, 'accept')).expect(303);
      expect(accepted.headers.location).toBe(`${a.link.pathname}?changed=accepted`);
      const after = await open(accepted.headers.location);
      expect(after.text).toContain(words(a).thanksComing);
      expect(after.text).toContain(words(a).accepted);
      expect((await invitationOf(a)).state).toBe('accepted');
      expect((await seats()).seats_taken).toBe(1);

      const mail = await mailTo(t, a.email, words(a).coming);
      expectCheckInCode(mail);
      expect(attachment(mail, 'meetup.ics').contentType).toBe('text/calendar');
      expect(rsvpLinkOf(mail).href).toBe(a.link.href);
    },
    MAIL_STEP,
  );

  it('takes a question with a product area from the page’s form, stores it and shows it', async () => {
    const page = await open(a.link.pathname);
    const form = theForm(page.html, (f) => f.action === `${a.link.pathname}/questions`, 'new question');
    expect(form.textareas).toEqual(['body']);
    const camera = form.selects.productAreaId.find((o) => o.label === words(a).camera);
    expect(camera).toBeDefined();
    const asked = await submit(form, { productAreaId: camera!.value, body: QUESTION }).expect(303);
    expect(asked.headers.location).toBe(`${a.link.pathname}?question=added#questions`);

    const shown = await open(asked.headers.location.replace(/#.*$/, ''));
    expect(shown.text).toContain(words(a).questionAdded);
    // Under "Your questions", with its area: the page's own question, not another attendee's.
    expect(shown.text).toMatch(
      new RegExp(
        `<span class="badge">${words(a).camera}</span>[\\s\\S]*?<p class="question-body" id="q-\\d+-body">${QUESTION.replace('?', '\\?')}</p>`,
      ),
    );

    const stored = await t.db.query(
      `SELECT product_area_id, body, votes FROM questions WHERE invitation_id = $1 ORDER BY id`,
      [(await invitationOf(a)).id],
    );
    expect(stored).toEqual([{ product_area_id: areas.camera, body: QUESTION, votes: 0 }]);
    const staff = await http().get(`/api/meetups/${meetupId}/questions`).set('Authorization', t.bearer).expect(200);
    expect(staff.body.total).toBe(1);
    expect(staff.body.productAreas[0].productArea.slug).toBe('camera');
    expect(staff.body.productAreas[0].questions[0]).toMatchObject({ body: QUESTION, askerAttending: true });
  });

  it(
    'fills the meetup: a second member takes the last seat, a third is waitlisted and sees position 1',
    async () => {
      const second = await submit(answerForm((await open(b.link.pathname)).html, 'accept')).expect(303);
      expect(second.headers.location).toBe(`${b.link.pathname}?changed=accepted`);
      expect((await invitationOf(b)).state).toBe('accepted');
      expect(await seats()).toEqual({ seats_taken: 2, capacity_max: 2 });

      const third = await submit(answerForm((await open(c.link.pathname)).html, 'accept')).expect(303);
      expect(third.headers.location).toBe(`${c.link.pathname}?changed=waitlisted`);
      const page = await open(third.headers.location);
      expect(page.text).toContain(words(c).inLine(1));
      expect(await invitationOf(c)).toMatchObject({
        state: 'waitlisted',
        waitlist_seq: expect.any(Number),
        offer_expires_at: null,
      });
      expect(await seats()).toEqual({ seats_taken: 2, capacity_max: 2 });

      await mailTo(t, b.email, words(b).coming);
      await mailTo(t, c.email, words(c).waitlisted);
    },
    MAIL_STEP,
  );

  it(
    'a decline offers the freed seat to the waitlisted member in the same transaction, and mails them the offer',
    async () => {
      const declined = await submit(answerForm((await open(b.link.pathname)).html, 'decline')).expect(303);
      expect(declined.headers.location).toBe(`${b.link.pathname}?changed=declined`);
      const [gaveUp, offered] = [await invitationOf(b), await invitationOf(c)];
      expect(gaveUp.state).toBe('declined');
      expect(offered.state).toBe('waitlisted');
      expect(offered.offer_expires_at).toBeInstanceOf(Date);
      expect(offered.offer_expires_at!.getTime()).toBeGreaterThan(Date.now());
      // The open offer holds the seat: nobody else can take it meanwhile.
      expect(await seats()).toEqual({ seats_taken: 2, capacity_max: 2 });
      // One transaction wrote the decline and the offer: the rows it wrote carry its transaction id (xmin).
      const written: { tx: string }[] = await t.db.query(
        `SELECT xmin::text AS tx FROM invitation_events WHERE invitation_id = $1 AND kind = 'decline'
         UNION ALL SELECT xmin::text FROM invitation_events WHERE invitation_id = $2 AND kind = 'offer'
         UNION ALL SELECT xmin::text FROM invitations WHERE id IN ($1, $2)`,
        [gaveUp.id, offered.id],
      );
      expect(written).toHaveLength(4);
      expect(new Set(written.map((w) => w.tx)).size).toBe(1);

      const offer = await mailTo(t, c.email, words(c).seatFree);
      expect(offer.envelopeTo).toEqual([c.email]);
      expect(rsvpLinkOf(offer).href).toBe(c.link.href);
      const cancel = attachment(await mailTo(t, b.email, words(b).notComing), 'meetup-cancelled.ics');
      expect(parseIcs(cancel.content).cal.getFirstPropertyValue('method')).toBe('CANCEL');
    },
    MAIL_STEP,
  );

  it(
    'the offered member follows the emailed link and takes the seat; the counters stay consistent',
    async () => {
      const before = await snapshot();
      const page = await open(c.link.pathname);
      expect(page.text).toContain(words(c).offered);
      expect(await snapshot()).toEqual(before);
      const took = await submit(answerForm(page.html, 'accept')).expect(303);
      expect(took.headers.location).toBe(`${c.link.pathname}?changed=offer-accepted`);
      expect(await invitationOf(c)).toMatchObject({ state: 'accepted', waitlist_seq: null, offer_expires_at: null });
      expect((await open(took.headers.location)).text).toContain(words(c).accepted);

      const [counts] = await t.db.query(
        `SELECT m.seats_taken, m.capacity_max,
                count(*) FILTER (WHERE i.state = 'accepted')::int AS accepted,
                count(*) FILTER (WHERE i.offer_expires_at IS NOT NULL)::int AS offers,
                count(*) FILTER (WHERE i.state = 'declined')::int AS declined,
                count(*) FILTER (WHERE i.state IN ('pending', 'waitlisted'))::int AS open
           FROM meetups m JOIN invitations i ON i.meetup_id = m.id
          WHERE m.id = $1 GROUP BY m.id`,
        [meetupId],
      );
      expect(counts).toEqual({ seats_taken: 2, capacity_max: 2, accepted: 2, offers: 0, declined: 1, open: 0 });
      const overview = await http()
        .get(`/api/meetups/${meetupId}/invitations`)
        .set('Authorization', t.bearer)
        .expect(200);
      expect(overview.body.meetup.seatsTaken).toBe(2);
      expect(overview.body.counts).toMatchObject({ accepted: 2, declined: 1, waitlisted: 0, pending: 0 });

      expectCheckInCode(await mailTo(t, c.email, words(c).seatYours));
      // Each member got exactly the emails of their path, each once.
      expect(await subjectsTo(t, a.email)).toEqual([words(a).invited(city), words(a).coming]);
      expect(await subjectsTo(t, b.email)).toEqual([words(b).invited(city), words(b).coming, words(b).notComing]);
      expect(await subjectsTo(t, c.email)).toEqual([
        words(c).invited(city),
        words(c).waitlisted,
        words(c).seatFree,
        words(c).seatYours,
      ]);
      const copies = await t.db.query(`SELECT DISTINCT copies FROM mailbox_messages`);
      expect(copies).toEqual([{ copies: 1 }]);
    },
    MAIL_STEP,
  );
});
