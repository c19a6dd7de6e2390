import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Environment, publicUrl } from '../config/environment';
import type { MailRequest } from '../mail/mail-outbox.service';
import type { Locale } from '../common/locale';
import { closesAt } from './feedback-rules';
import { feedbackToken } from './feedback-token';
import type { Attendee, MeetupSummary } from './feedback-requests.repository';

const luxonLocale = (l: Locale) => (l === 'zh-CN' ? 'zh-CN' : 'en-GB');

/** "Saturday 16 January 2027" / "2027年1月16日星期六": a day in the meetup city's zone. */
export function dayIn(at: Date, zone: string, locale: Locale): string {
  return DateTime.fromJSDate(at, { zone }).setLocale(luxonLocale(locale)).toLocaleString(DateTime.DATE_HUGE);
}

/**
 * The feedback emails as outbox requests, in the member's language. The personal link is a
 * credential: it travels sealed and is opened only by the delivery worker. Idempotency keys name the
 * request, so a retried tick never mails twice.
 */
@Injectable()
export class FeedbackMail {
  constructor(private readonly env: Environment) {}

  feedbackUrl(tokenNonce: Buffer): string {
    return `${publicUrl(this.env)}/feedback/${feedbackToken(this.env.APP_SECRET!, tokenNonce)}`;
  }

  request(requestId: string, attendee: Attendee, meetup: MeetupSummary, tokenNonce: Buffer, sentAt: Date): MailRequest {
    return this.mail(`feedback-request:${requestId}`, 'feedback-request', attendee, meetup, tokenNonce, sentAt);
  }

  reminder(
    requestId: string,
    attendee: Attendee,
    meetup: MeetupSummary,
    tokenNonce: Buffer,
    sentAt: Date,
  ): MailRequest {
    return this.mail(`feedback-reminder:${requestId}`, 'feedback-reminder', attendee, meetup, tokenNonce, sentAt);
  }

  private mail(
    idempotencyKey: string,
    template: string,
    attendee: Attendee,
    meetup: MeetupSummary,
    tokenNonce: Buffer,
    sentAt: Date,
  ): MailRequest {
    const locale = attendee.locale;
    return {
      idempotencyKey,
      to: attendee.email,
      memberId: attendee.memberId,
      template,
      locale,
      data: {
        name: attendee.name,
        meetup: { title: meetup.title, city: meetup.city, day: dayIn(meetup.startsAt, meetup.timeZone, locale) },
        closes: dayIn(closesAt(sentAt), meetup.timeZone, locale),
      },
      secrets: { feedbackUrl: this.feedbackUrl(tokenNonce) },
    };
  }
}
