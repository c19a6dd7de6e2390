import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withMeetupLock } from '../../meetups/meetup-lock';
import { JobsService } from '../../jobs/jobs.service';
import { DELIVERY_QUEUE, MailOutboxService, MailRequest } from '../../mail/mail-outbox.service';
import type { InvitationState } from '../core/invitation.entity';
import { InvitationWavesRepository } from './invitation-waves.repository';
import { InvitationsRepository } from '../core/invitations.repository';
import { RsvpService } from '../rsvp/rsvp.service';
import { WaveMail } from './wave-mail';
import { errorText, message } from '../../common/strings';

export interface Withdrawal {
  invitationId: string;
  meetupId: number;
  memberId: string;
  /** The state it had before. */
  was: InvitationState;
  state: 'cancelled';
  /** What happened to a seat the member held: offered to the first in line, or released; null when none. */
  seat: 'offered' | 'released' | null;
}

/**
 * Staff take an invitation back. Choices where the issue is silent:
 * - any invitation still open may be withdrawn — pending, accepted, waitlisted (with or without
 *   an offer) and declined (so a decline can no longer be turned into an accept); expired and
 *   already withdrawn ones cannot, nor a member who has checked in, nor anything once the meetup
 *   started, was held or cancelled;
 * - a seat the member held (accepted, or an open offer) passes on exactly as after a decline;
 * - the member gets a short email with a calendar CANCEL, and the withdrawn invitation does not
 *   count against them: invited_count goes back down and last_invited_at back to their previous
 *   invitation, so staff fixing a mistake do not cost the member a place in later rankings;
 * - the log keeps who withdrew it and their note.
 */
@Injectable()
export class InvitationWithdrawalService {
  private readonly logger = new Logger('Withdrawal');

  constructor(
    private readonly dataSource: DataSource,
    private readonly invitations: InvitationsRepository,
    private readonly waves: InvitationWavesRepository,
    private readonly rsvp: RsvpService,
    private readonly mail: WaveMail,
    private readonly outbox: MailOutboxService,
    private readonly jobs: JobsService,
  ) {}

  async withdraw(
    meetupId: number,
    invitationId: string,
    by: number | null,
    note: string | undefined,
    now = new Date(),
  ): Promise<Withdrawal> {
    const notFound = () =>
      new NotFoundException(errorText('inv.noInvitation', { meetup: String(meetupId), invitation: invitationId }));
    if (!/^\d{1,18}$/.test(invitationId)) throw notFound();
    const done = await withMeetupLock(this.dataSource, meetupId, async (meetup, manager) => {
      const invitation = await this.invitations.lockInvitation(manager, invitationId, meetupId);
      if (!invitation) throw notFound();
      if (meetup.status === 'held' || meetup.status === 'cancelled') {
        const status = message(`status_${meetup.status}`);
        throw new ConflictException(errorText('invWithdrawClosed', { id: String(meetupId), status }));
      }
      if (meetup.startsAt.getTime() <= now.getTime()) {
        throw new ConflictException(errorText('invWithdrawStarted', { id: String(meetupId) }));
      }
      if (invitation.state === 'cancelled')
        throw new ConflictException(errorText('invAlreadyWithdrawn', { id: invitationId }));
      if (invitation.state === 'expired') {
        throw new ConflictException(errorText('invWithdrawExpired', { id: invitationId }));
      }
      if (invitation.checkedInAt) {
        throw new ConflictException(errorText('invWithdrawCheckedIn', { name: invitation.memberName }));
      }
      const heldSeat =
        invitation.state === 'accepted' || (invitation.state === 'waitlisted' && invitation.offerExpiresAt !== null);
      await this.invitations.update(manager, invitation.id, {
        state: 'cancelled',
        waitlistSeq: null,
        offerExpiresAt: null,
      });
      await this.invitations.logEvent(manager, invitation.id, 'withdrawn', {
        by,
        note: note ?? null,
        was: invitation.state,
      });
      await this.waves.uncountInvitation(manager, invitation.memberId);
      const calendarSequence = await this.invitations.nextCalendarVersion(manager, invitation.id);
      const mails: MailRequest[] = [this.mail.withdrawn({ ...invitation, calendarSequence }, meetup, heldSeat)];
      if (heldSeat) await this.rsvp.passSeat(manager, meetup, now, mails);
      await this.outbox.enqueueMany(manager, mails);
      // passSeat adds the offer email exactly when the seat went to someone in line.
      const seat: Withdrawal['seat'] = !heldSeat ? null : mails.length > 1 ? 'offered' : 'released';
      return { invitationId: invitation.id, meetupId, memberId: invitation.memberId, was: invitation.state, seat };
    });
    this.jobs.notify(DELIVERY_QUEUE);
    this.logger.log(
      `Meetup ${meetupId}: invitation ${invitationId} withdrawn (was ${done.was}, seat ${done.seat ?? 'none'})`,
    );
    return { ...done, state: 'cancelled' };
  }
}
