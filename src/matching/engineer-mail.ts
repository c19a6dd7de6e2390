import { cityName } from '../cities/city-display';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import addressparser from 'nodemailer/lib/addressparser';
import type { Account } from '../accounts/account.entity';
import { Environment, publicUrl } from '../config/environment';
import { meetupCalendar } from '../invitations/core/meetup-calendar';
import type { MailRequest } from '../mail/mail-outbox.service';
import type { MeetupView } from '../meetups/meetups.service';
import type { Locale } from '../common/locale';
import type { Brief } from './engineer-brief.service';

const TOP_QUESTIONS = 5;

/**
 * The emails to engineers, as outbox requests: "you are confirmed" (with the .ics and the brief
 * as it stands) and the brief 3 days before. Keys name the assignment, so each goes once.
 */
@Injectable()
export class EngineerMail {
  private readonly organizer: { name: string; email: string };

  constructor(private readonly env: Environment) {
    const [from] = addressparser(env.MAIL_FROM) as { name: string; address: string }[];
    this.organizer = { name: from?.name || 'Meetloop', email: from?.address || 'meetups@meetloop.local' };
  }

  confirmed(account: Account, assignmentId: number, brief: Brief): MailRequest {
    const meetup = brief.meetup;
    const ics = meetupCalendar({
      // PUBLISH like every .ics Meetloop sends: no reply address it reads (meetup-calendar.ts).
      method: 'PUBLISH',
      partstat: 'ACCEPTED',
      meetupId: meetup.id,
      memberId: `engineer-${account.engineerId}`,
      uidDomain: new URL(publicUrl(this.env)).hostname,
      title: meetup.title,
      description: [meetup.venue, meetup.address].filter(Boolean).join(', '),
      url: this.briefUrl(meetup.id),
      startsAt: new Date(meetup.startsAtUtc),
      endsAt: new Date(meetup.endsAtUtc),
      timeZone: meetup.timeZone,
      venue: [meetup.venue, meetup.address].filter(Boolean).join(', '),
      organizer: this.organizer,
      attendee: { name: account.name, email: account.email },
      sequence: 0,
    });
    return {
      idempotencyKey: `engineer-confirmed:${assignmentId}`,
      to: account.email,
      template: 'engineer-confirmed',
      locale: account.locale,
      data: this.data(account, brief),
      attachments: [
        {
          filename: 'meetup.ics',
          contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
          content: Buffer.from(ics, 'utf8').toString('base64'),
        },
      ],
    };
  }

  brief(account: Account, assignmentId: number, brief: Brief): MailRequest {
    return {
      idempotencyKey: `engineer-brief:${assignmentId}`,
      to: account.email,
      template: 'engineer-brief',
      locale: account.locale,
      data: this.data(account, brief),
    };
  }

  private briefUrl(meetupId: number) {
    return `${publicUrl(this.env)}/my/meetups/${meetupId}`;
  }

  private data(account: Account, brief: Brief) {
    const locale = account.locale;
    const name = (a: { nameEn: string; nameZh: string }) => (locale === 'zh-CN' ? a.nameZh : a.nameEn);
    return {
      name: account.name,
      meetup: facts(brief.meetup, locale),
      briefUrl: this.briefUrl(brief.meetup.id),
      total: brief.total,
      team: brief.team.map((t) => `${t.engineerCode} ${t.name}`).join(', '),
      areas: brief.productAreas.map((a) => ({
        name: name(a.productArea),
        count: a.questions.length,
        questions: a.questions.slice(0, TOP_QUESTIONS).map((q) => ({
          body: q.body,
          votes: q.votes,
          asker: `${q.asker.firstName}, ${q.asker.city}`,
          mine: q.routedTo?.engineerId === account.engineerId,
        })),
      })),
      uncovered: brief.uncovered.map(name).join(', '),
    };
  }
}

/** The meetup in the engineer's language and the city's time zone. */
function facts(meetup: MeetupView, locale: Locale) {
  const zone = meetup.timeZone;
  const start = DateTime.fromISO(meetup.startsAtUtc, { zone }).setLocale(locale === 'zh-CN' ? 'zh-CN' : 'en-GB');
  const end = DateTime.fromISO(meetup.endsAtUtc, { zone });
  return {
    title: meetup.title,
    city: cityName({ name: meetup.city, nameZh: meetup.cityZh }, locale),
    venue: meetup.venue,
    address: meetup.address,
    when: `${start.toLocaleString(DateTime.DATE_HUGE)} ${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')} (${zone})`,
  };
}
