import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import addressparser from 'nodemailer/lib/addressparser';
import { Environment, publicUrl } from '../../config/environment';
import type { MailRequest } from '../../mail/mail-outbox.service';
import type { MailAttachment } from '../../mail/outbox-message.entity';
import type { Meetup } from '../../meetups/meetup.entity';
import type { Locale } from '../../common/locale';
import { checkInCode } from './check-in-code';
import { CalendarPartstat, meetupCalendar } from './meetup-calendar';
import { cityName } from '../../cities/city-display';
import { rsvpToken } from './rsvp-token';

/** Who an invitation email goes to: enough of the invitation and its member. */
export interface Invitee {
  id: string;
  memberId: string;
  tokenNonce: Buffer;
  memberName: string;
  memberEmail: string;
  memberLocale: Locale;
  /** The invitation's part of the .ics SEQUENCE (Invitation.calendarSequence). */
  calendarSequence: number;
}

/** The meetup as an email tells it, in the member's language and the city's time zone. */
export interface MeetupFacts {
  title: string;
  city: string;
  venue: string;
  address: string;
  when: string;
  deadline: string | null;
}

export type RsvpChange = 'accepted' | 'declined' | 'waitlisted' | 'offer-accepted' | 'offer-declined' | 'left-waitlist';

const luxonLocale = (l: Locale) => (l === 'zh-CN' ? 'zh-CN' : 'en-GB');

/** "2027年1月14日星期四 23:00 (Asia/Urumqi)": written like the meetup's own time, zone last (ICU put "GMT+6" mid-line in Chinese). */
export function localTime(at: Date, zone: string, locale: Locale): string {
  const local = DateTime.fromJSDate(at, { zone }).setLocale(luxonLocale(locale));
  return `${local.toLocaleString(DateTime.DATE_HUGE)} ${local.toFormat('HH:mm')} (${zone})`;
}

export function meetupFacts(meetup: Meetup, locale: Locale): MeetupFacts {
  const zone = meetup.city!.timeZone;
  const start = DateTime.fromJSDate(meetup.startsAt, { zone }).setLocale(luxonLocale(locale));
  const end = DateTime.fromJSDate(meetup.endsAt, { zone });
  return {
    title: meetup.title,
    city: cityName(meetup.city!, locale),
    venue: meetup.venue,
    address: meetup.address,
    when: `${start.toLocaleString({ ...DateTime.DATE_HUGE })} ${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')} (${zone})`,
    deadline: meetup.rsvpDeadline ? localTime(meetup.rsvpDeadline, zone, locale) : null,
  };
}

/**
 * The emails of the invitation flow, as outbox requests. Links that are
 * credentials travel as sealed values; idempotency keys name the change that
 * caused the email, so a retried transaction never mails twice.
 */
@Injectable()
export class InvitationMail {
  private readonly organizer: { name: string; email: string };

  constructor(private readonly env: Environment) {
    const [from] = addressparser(env.MAIL_FROM) as { name: string; address: string }[];
    this.organizer = { name: from?.name || 'Meetloop', email: from?.address || 'meetups@meetloop.local' };
  }

  rsvpUrl(invitee: Pick<Invitee, 'tokenNonce'>): string {
    return `${publicUrl(this.env)}/rsvp/${rsvpToken(this.env.APP_SECRET!, invitee.tokenNonce)}`;
  }

  checkInUrl(invitationId: string): string {
    return `${publicUrl(this.env)}/check-in/${checkInCode(this.env.APP_SECRET!, invitationId)}`;
  }

  invitation(invitee: Invitee, meetup: Meetup): MailRequest {
    return {
      ...this.base(invitee, `invitation:${invitee.id}`, 'invitation'),
      data: { name: invitee.memberName, meetup: meetupFacts(meetup, invitee.memberLocale) },
      secrets: { rsvpUrl: this.rsvpUrl(invitee) },
      attachments: [this.calendar(invitee, meetup, 'PUBLISH')],
    };
  }

  /** "What changed and how to undo it", after every answer that changed something. */
  changed(invitee: Invitee, meetup: Meetup, change: RsvpChange, eventId: string, position: number | null): MailRequest {
    return this.changedWith(invitee, meetup, change, eventId, position, meetupFacts(meetup, invitee.memberLocale));
  }

  /**
   * The two confirmations an accept that wants a seat may cause — seated, or waitlisted (position to be
   * filled in) — rendered together before the answer is stored, sharing the meetup's facts.
   */
  seekSeatConfirmations(
    invitee: Invitee,
    meetup: Meetup,
    eventId: string,
  ): { seated: MailRequest; waitlisted: MailRequest } {
    const facts = meetupFacts(meetup, invitee.memberLocale);
    return {
      seated: this.changedWith(invitee, meetup, 'accepted', eventId, null, facts),
      waitlisted: this.changedWith(invitee, meetup, 'waitlisted', eventId, null, facts),
    };
  }

  private changedWith(
    invitee: Invitee,
    meetup: Meetup,
    change: RsvpChange,
    eventId: string,
    position: number | null,
    facts: MeetupFacts,
  ): MailRequest {
    const accepted = change === 'accepted' || change === 'offer-accepted';
    const attachments: MailAttachment[] = [];
    if (accepted) {
      attachments.push(this.qrCode(invitee.id), this.calendar(invitee, meetup, 'PUBLISH', 'ACCEPTED'));
    }
    if (change === 'declined' || change === 'offer-declined')
      attachments.push(this.calendar(invitee, meetup, 'CANCEL', 'DECLINED'));
    return {
      ...this.base(invitee, `rsvp:${invitee.id}:${eventId}`, 'rsvp-changed'),
      data: {
        name: invitee.memberName,
        meetup: facts,
        change,
        accepted,
        waitlisted: change === 'waitlisted',
        position,
        qrCid: accepted ? QR_CID : null,
      },
      secrets: { rsvpUrl: this.rsvpUrl(invitee) },
      attachments,
    };
  }

  /** `place`: the member's place in the whole line (1 = first), offers made at the same time included. */
  offer(invitee: Invitee, meetup: Meetup, expiresAt: Date, place: number): MailRequest {
    return {
      ...this.base(invitee, `offer:${invitee.id}:${expiresAt.toISOString()}`, 'waitlist-offer'),
      data: {
        name: invitee.memberName,
        meetup: meetupFacts(meetup, invitee.memberLocale),
        expires: localTime(expiresAt, meetup.city!.timeZone, invitee.memberLocale),
        place,
      },
      secrets: { rsvpUrl: this.rsvpUrl(invitee) },
    };
  }

  offerExpired(invitee: Invitee, meetup: Meetup, expiredAt: Date): MailRequest {
    return {
      ...this.base(invitee, `offer-expired:${invitee.id}:${expiredAt.toISOString()}`, 'offer-expired'),
      data: { name: invitee.memberName, meetup: meetupFacts(meetup, invitee.memberLocale) },
      secrets: { rsvpUrl: this.rsvpUrl(invitee) },
    };
  }

  /**
   * The `.ics` for this member: stable UID, a SEQUENCE higher than any version they got before
   * (the meetup's changes plus their own answers), the city's TZID and VTIMEZONE, and their
   * answer as PARTSTAT. PUBLISH, not REQUEST: see MeetupCalendarInput.method.
   */
  calendar(
    invitee: Invitee,
    meetup: Meetup,
    method: 'PUBLISH' | 'CANCEL',
    partstat: CalendarPartstat = 'NEEDS-ACTION',
  ): MailAttachment {
    const ics = meetupCalendar({
      method,
      partstat,
      meetupId: meetup.id,
      memberId: invitee.memberId,
      uidDomain: new URL(publicUrl(this.env)).hostname,
      title: meetup.title,
      description: [meetup.venue, meetup.address].filter(Boolean).join(', '),
      startsAt: meetup.startsAt,
      endsAt: meetup.endsAt,
      timeZone: meetup.city!.timeZone,
      // The calendar's LOCATION ends with the city, in the member's language (乌鲁木齐 / Ürümqi).
      venue: [meetup.venue, meetup.address, cityName(meetup.city!, invitee.memberLocale)].filter(Boolean).join(', '),
      organizer: this.organizer,
      attendee: { name: invitee.memberName, email: invitee.memberEmail },
      sequence: meetup.calendarSequence + invitee.calendarSequence,
    });
    return {
      filename: method === 'CANCEL' ? 'meetup-cancelled.ics' : 'meetup.ics',
      contentType: `text/calendar; charset=utf-8; method=${method}`,
      content: Buffer.from(ics, 'utf8').toString('base64'),
    };
  }

  /** The check-in QR code as an inline image (`cid:` QR_CID in the HTML); the mail worker draws it. */
  qrCode(invitationId: string): MailAttachment {
    return { filename: 'check-in.png', contentType: 'image/png', qrCode: this.checkInUrl(invitationId), cid: QR_CID };
  }

  /** The parts every mail to one invitee shares: recipient, language, template and idempotency key. */
  base(invitee: Invitee, idempotencyKey: string, template: string) {
    return {
      idempotencyKey,
      to: invitee.memberEmail,
      memberId: invitee.memberId,
      template,
      locale: invitee.memberLocale,
    };
  }
}

export const QR_CID = 'check-in-qr@meetloop';
