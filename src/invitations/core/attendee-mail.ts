import { Injectable } from '@nestjs/common';
import type { MailRequest } from '../../mail/mail-outbox.service';
import type { MailAttachment } from '../../mail/outbox-message.entity';
import type { Meetup } from '../../meetups/meetup.entity';
import type { InvitationState } from './invitation.entity';
import { Invitee, InvitationMail, meetupFacts, QR_CID } from './invitation-mail';
import { factChanges, ChangedFact } from './meetup-changes';

/**
 * The emails of a meetup's last days, as outbox requests: the reminder, the
 * cancellation and the "time or place changed" update. Idempotency keys name
 * the invitation and the cause, so a retried tick or transaction never mails
 * twice.
 */
@Injectable()
export class AttendeeMail {
  constructor(private readonly mail: InvitationMail) {}

  /** Days before: the facts, the QR code at the door, and the link to say they can't come after all. */
  async reminder(invitee: Invitee, meetup: Meetup): Promise<MailRequest> {
    return {
      ...this.mail.base(invitee, `reminder:${invitee.id}`, 'reminder'),
      data: { name: invitee.memberName, meetup: meetupFacts(meetup, invitee.memberLocale), qrCid: QR_CID },
      secrets: { rsvpUrl: this.mail.rsvpUrl(invitee) },
      attachments: [this.mail.qrCode(invitee.id)],
    };
  }

  /**
   * Every invitee still in play hears of a cancellation. Each of them got a
   * PUBLISH .ics with the invitation,
   * so each gets the CANCEL that removes it, with the SEQUENCE the cancel bumped.
   */
  cancelled(invitee: Invitee, meetup: Meetup, was: 'pending' | 'accepted' | 'waitlisted'): MailRequest {
    return {
      ...this.mail.base(invitee, `meetup-cancelled:${invitee.id}`, 'meetup-cancelled'),
      data: { name: invitee.memberName, meetup: meetupFacts(meetup, invitee.memberLocale), was },
      attachments: [this.mail.calendar(invitee, meetup, 'CANCEL')],
    };
  }

  /**
   * A new time or place: what changed, old → new, and the .ics REQUEST with the
   * same UID and the higher SEQUENCE, so calendars move the entry instead of
   * adding a second one. Keyed by SEQUENCE: each change mails once.
   */
  async updated(
    invitee: Invitee & { state: InvitationState },
    before: Meetup,
    after: Meetup,
    facts: ChangedFact[],
  ): Promise<MailRequest> {
    const accepted = invitee.state === 'accepted';
    const partstat = accepted ? 'ACCEPTED' : 'NEEDS-ACTION';
    const attachments: MailAttachment[] = [this.mail.calendar(invitee, after, 'PUBLISH', partstat)];
    if (accepted) attachments.unshift(this.mail.qrCode(invitee.id));
    return {
      ...this.mail.base(invitee, `meetup-updated:${invitee.id}:${after.calendarSequence}`, 'meetup-updated'),
      data: {
        name: invitee.memberName,
        meetup: meetupFacts(after, invitee.memberLocale),
        changes: factChanges(before, after, facts, invitee.memberLocale),
        state: invitee.state,
        qrCid: accepted ? QR_CID : null,
      },
      secrets: { rsvpUrl: this.mail.rsvpUrl(invitee) },
      attachments,
    };
  }
}
