import { Injectable } from '@nestjs/common';
import { Environment, publicUrl } from '../../config/environment';
import type { MailRequest } from '../../mail/mail-outbox.service';
import type { Meetup } from '../../meetups/meetup.entity';
import type { StaffAccount } from './invitation-waves.repository';
import { InvitationMail, Invitee, meetupFacts } from '../core/invitation-mail';
import type { StateCounts } from '../core/invitations.repository';

/** The emails of staff's side of invitations: the low-turnout alert and a withdrawn invitation. */
@Injectable()
export class WaveMail {
  constructor(
    private readonly env: Environment,
    private readonly invitationMail: InvitationMail,
  ) {}

  /** To one staff account, in its language; once per meetup and account. */
  lowTurnout(account: StaffAccount, meetup: Meetup, counts: StateCounts): MailRequest {
    return {
      idempotencyKey: `low-turnout:${meetup.id}:${account.id}`,
      to: account.email,
      template: 'low-turnout',
      locale: account.locale,
      data: {
        name: account.name,
        meetup: meetupFacts(meetup, account.locale),
        accepted: counts.accepted,
        capacityMin: meetup.capacityMin,
        invited: counts.invited,
        pending: counts.pending,
        waitlisted: counts.waitlisted,
        declined: counts.declined,
        expired: counts.expired,
        pageUrl: `${publicUrl(this.env)}/meetups/${meetup.id}/invitations`,
      },
    };
  }

  /** To the member whose invitation staff withdrew, with a calendar CANCEL for the entry the invitation made. */
  withdrawn(invitee: Invitee, meetup: Meetup, hadSeat: boolean): MailRequest {
    return {
      idempotencyKey: `withdrawn:${invitee.id}`,
      to: invitee.memberEmail,
      memberId: invitee.memberId,
      template: 'invitation-withdrawn',
      locale: invitee.memberLocale,
      data: { name: invitee.memberName, meetup: meetupFacts(meetup, invitee.memberLocale), hadSeat },
      attachments: [this.invitationMail.calendar(invitee, meetup, 'CANCEL')],
    };
  }
}
