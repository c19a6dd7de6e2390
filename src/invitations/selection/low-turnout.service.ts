import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Environment } from '../../config/environment';
import { JobsService } from '../../jobs/jobs.service';
import { DELIVERY_QUEUE, MailOutboxService } from '../../mail/mail-outbox.service';
import { InvitationWavesRepository } from './invitation-waves.repository';
import { forEachDueMeetup } from '../../meetups/meetup-lock';
import { InvitationsRepository } from '../core/invitations.repository';
import { WaveMail } from './wave-mail';

const ALERTABLE = ['scheduled', 'inviting', 'closed'];

/**
 * Tells staff when a meetup is heading for too few attendees: accepted < capacity minimum from
 * LOW_TURNOUT_ALERT_DAYS before the RSVP deadline on (until the start, so an alert missed while
 * the app was down still arrives). Once per meetup: the mark and the emails commit together
 * under the meetup's row lock, and each email's idempotency key names meetup and account.
 */
@Injectable()
export class LowTurnoutService {
  private readonly logger = new Logger('LowTurnout');

  constructor(
    private readonly dataSource: DataSource,
    private readonly invitations: InvitationsRepository,
    private readonly waves: InvitationWavesRepository,
    private readonly mail: WaveMail,
    private readonly outbox: MailOutboxService,
    private readonly jobs: JobsService,
    private readonly env: Environment,
  ) {}

  /** Raises the alerts that are due; returns how many. Idempotent, safe on several instances. */
  async alertLowTurnout(now = new Date()): Promise<number> {
    const due = await this.waves.lowTurnoutCandidates(now, this.env.LOW_TURNOUT_ALERT_DAYS);
    const alerts = await forEachDueMeetup(this.dataSource, due, async (meetup, manager) => {
      if (meetup.lowTurnoutAlertedAt || !ALERTABLE.includes(meetup.status)) return null;
      if (meetup.startsAt.getTime() <= now.getTime()) return null;
      const counts = await this.invitations.stateCounts(meetup.id, manager);
      // Enough accepted for now: not marked, so a later drop below the minimum still alerts.
      if (counts.accepted >= meetup.capacityMin) return null;
      if (!(await this.waves.markLowTurnout(manager, meetup.id, now))) return null;
      const staff = await this.waves.staffAccounts(manager);
      await this.outbox.enqueueMany(
        manager,
        staff.map((account) => this.mail.lowTurnout(account, meetup, counts)),
      );
      return { meetupId: meetup.id, accepted: counts.accepted, min: meetup.capacityMin, staff: staff.length };
    });
    for (const alerted of alerts) {
      this.logger.warn(
        `Meetup ${alerted.meetupId}: only ${alerted.accepted} accepted (minimum ${alerted.min}); alerted ${alerted.staff} staff`,
      );
    }
    if (alerts.length > 0) this.jobs.notify(DELIVERY_QUEUE);
    return alerts.length;
  }
}
