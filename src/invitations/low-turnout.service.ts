import { Injectable, Logger } from '@nestjs/common';
import { Environment } from '../config/environment';
import { JobsService } from '../jobs/jobs.service';
import { DELIVERY_QUEUE, MailOutboxService } from '../mail/mail-outbox.service';
import { InvitationWavesRepository } from './invitation-waves.repository';
import { InvitationsRepository } from './invitations.repository';
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
    private readonly invitations: InvitationsRepository,
    private readonly waves: InvitationWavesRepository,
    private readonly mail: WaveMail,
    private readonly outbox: MailOutboxService,
    private readonly jobs: JobsService,
    private readonly env: Environment,
  ) {}

  /** Raises the alerts that are due; returns how many. Idempotent, safe on several instances. */
  async alertLowTurnout(now = new Date()): Promise<number> {
    let raised = 0;
    for (const meetupId of await this.waves.lowTurnoutCandidates(now, this.env.LOW_TURNOUT_ALERT_DAYS)) {
      const alerted = await this.invitations.transaction(async (manager) => {
        const meetup = await this.invitations.lockMeetup(manager, meetupId);
        if (!meetup || meetup.lowTurnoutAlertedAt || !ALERTABLE.includes(meetup.status)) return null;
        if (meetup.startsAt.getTime() <= now.getTime()) return null;
        const counts = await this.invitations.stateCounts(meetupId, manager);
        // Enough accepted for now: not marked, so a later drop below the minimum still alerts.
        if (counts.accepted >= meetup.capacityMin) return null;
        if (!(await this.waves.markLowTurnout(manager, meetupId, now))) return null;
        const staff = await this.waves.staffAccounts(manager);
        await this.outbox.enqueueMany(
          manager,
          staff.map((account) => this.mail.lowTurnout(account, meetup, counts)),
        );
        return { accepted: counts.accepted, min: meetup.capacityMin, staff: staff.length };
      });
      if (alerted) {
        raised += 1;
        this.logger.warn(
          `Meetup ${meetupId}: only ${alerted.accepted} accepted (minimum ${alerted.min}); alerted ${alerted.staff} staff`,
        );
      }
    }
    if (raised > 0) this.jobs.notify(DELIVERY_QUEUE);
    return raised;
  }
}
