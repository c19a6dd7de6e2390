import { ConflictException, Injectable } from '@nestjs/common';
import { withMeetupLock } from '../../meetups/meetup-lock';
import { changeMeetupStatus } from '../../meetups/meetup-status-change';
import { EntityManager, DataSource } from 'typeorm';
import { DELIVERY_QUEUE, MailOutboxService } from '../../mail/mail-outbox.service';
import { JobsService } from '../../jobs/jobs.service';
import type { Meetup } from '../../meetups/meetup.entity';
import { hashRsvpToken, newRsvpNonce, rsvpToken } from '../core/rsvp-token';
import { Environment } from '../../config/environment';
import { InvitationMail } from '../core/invitation-mail';
import { InvitationWavesRepository } from './invitation-waves.repository';
import { errorText, message } from '../../common/strings';

/** One member to invite, and why. */
export interface InviteeChoice {
  memberId: string;
  /** The invitee score at the time (null when staff added someone by hand from outside the ranking). */
  score: number | null;
  byHand: boolean;
}

export interface SentWave {
  meetupId: number;
  wave: number;
  invited: number;
  /** Members skipped: already invited to this meetup, unsubscribed, or unknown. */
  skipped: number;
}

/**
 * Sending invitations: rows, member counters and emails in one transaction,
 * under the meetup's row lock, so a wave is all sent or not at all and two
 * staff pressing "send" at once cannot invite anyone twice.
 */
@Injectable()
export class WaveSendingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly waves: InvitationWavesRepository,
    private readonly mail: InvitationMail,
    private readonly outbox: MailOutboxService,
    private readonly jobs: JobsService,
    private readonly env: Environment,
  ) {}

  async invite(meetupId: number, choices: InviteeChoice[], now = new Date()): Promise<SentWave> {
    const sent = await withMeetupLock(this.dataSource, meetupId, async (meetup, manager) => {
      this.assertCanInvite(meetup, now);
      return this.inviteLocked(manager, meetup, choices, now);
    });
    if (sent.invited) this.jobs.notify(DELIVERY_QUEUE);
    return sent;
  }

  /** For callers that already hold the meetup's lock (the automatic next wave). */
  async inviteLocked(manager: EntityManager, meetup: Meetup, choices: InviteeChoice[], now: Date): Promise<SentWave> {
    const wave = await this.waves.nextWave(manager, meetup.id);
    const rows = choices.map((c) => {
      const nonce = newRsvpNonce();
      return { ...c, nonce, hash: hashRsvpToken(rsvpToken(this.env.APP_SECRET!, nonce)) };
    });
    const created = await this.waves.insertInvitations(manager, meetup.id, wave, rows, now);
    if (meetup.status === 'scheduled' && created.length > 0) {
      await changeMeetupStatus(manager, meetup, 'inviting');
    }
    await this.outbox.enqueueMany(
      manager,
      created.map((invitee) => this.mail.invitation(invitee, meetup)),
    );
    return { meetupId: meetup.id, wave, invited: created.length, skipped: choices.length - created.length };
  }

  private assertCanInvite(meetup: Meetup, now: Date): void {
    if (meetup.status !== 'scheduled' && meetup.status !== 'inviting') {
      throw new ConflictException(
        errorText('invNotOpen', { id: String(meetup.id), status: message(`status_${meetup.status}`) }),
      );
    }
    const deadline = meetup.rsvpDeadline ?? meetup.startsAt;
    if (deadline.getTime() <= now.getTime()) {
      throw new ConflictException(errorText('invDeadlinePassed', { id: String(meetup.id) }));
    }
  }
}
