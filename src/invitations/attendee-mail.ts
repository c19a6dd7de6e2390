import { Injectable } from '@nestjs/common';
import type { MailRequest } from '../mail/mail-outbox.service';
import type { Meetup } from '../meetups/meetup.entity';
import { Invitee, InvitationMail, meetupFacts, QR_CID } from './invitation-mail';

/**
 * The emails of a meetup's last days, as outbox requests: the reminder. Idempotency keys name
 * the invitation and the cause, so a retried tick or transaction never mails
 * twice.
 */
@Injectable()
export class AttendeeMail {
  constructor(private readonly mail: InvitationMail) {}

  /** Days before: the facts, the QR code at the door, and the link to say they can't come after all. */
  async reminder(invitee: Invitee, meetup: Meetup): Promise<MailRequest> {
    return {
      ...this.base(invitee, `reminder:${invitee.id}`, 'reminder'),
      data: { name: invitee.memberName, meetup: meetupFacts(meetup, invitee.memberLocale), qrCid: QR_CID },
      secrets: { rsvpUrl: this.mail.rsvpUrl(invitee) },
      attachments: [await this.mail.qrCode(invitee.id)],
    };
  }

  private base(invitee: Invitee, idempotencyKey: string, template: string) {
    return {
      idempotencyKey,
      to: invitee.memberEmail,
      memberId: invitee.memberId,
      template,
      locale: invitee.memberLocale,
    };
  }
}
