import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { forEachDueMeetup } from '../../meetups/meetup-lock';
import { changeMeetupStatus } from '../../meetups/meetup-status-change';
import { MeetupTimelineRepository } from '../core/meetup-timeline.repository';
import { deadlinePassed, rsvpDeadlineOf } from '../core/meetup-timeline';

/**
 * The RSVP deadline, a step of the minute tick: pending invitations expire and an inviting meetup closes.
 *
 * Safe to run anywhere, any number of times, on several instances at once: a cheap unlocked query finds
 * candidate meetups, then each meetup is handled in its own transaction under its row lock
 * (forEachDueMeetup), where the condition is checked again and the work and its "done" mark commit together.
 */
@Injectable()
export class RsvpDeadlineService {
  private readonly logger = new Logger('Invitations');

  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: MeetupTimelineRepository,
  ) {}

  /**
   * At the RSVP deadline pending invitations expire and an inviting meetup
   * closes; from then on answers follow rsvp-rules.ts (decline and seat offers
   * only). No email: a member who never answered is not written to again for
   * this meetup, and their link says "expired" if they open it.
   * Returns the number of invitations expired.
   */
  async expirePendingAtDeadline(now = new Date()): Promise<number> {
    const expired = await forEachDueMeetup(
      this.dataSource,
      await this.timeline.pastDeadline(now),
      async (meetup, manager) => {
        if (!['inviting', 'closed', 'held'].includes(meetup.status) || !deadlinePassed(meetup, now)) return null;
        const n = await this.timeline.expirePending(manager, meetup.id, rsvpDeadlineOf(meetup));
        const wasInviting = meetup.status === 'inviting';
        if (wasInviting) await changeMeetupStatus(manager, meetup, 'closed');
        if (n || wasInviting) {
          this.logger.log(`Meetup ${meetup.id}: RSVP deadline passed, ${n} pending invitation(s) expired`);
        }
        return n;
      },
    );
    return expired.reduce((sum, n) => sum + n, 0);
  }
}
