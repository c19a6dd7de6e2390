import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { forEachDueMeetup } from '../../meetups/meetup-lock';
import { changeMeetupStatus } from '../../meetups/meetup-status-change';
import { MeetupTimelineRepository } from '../core/meetup-timeline.repository';
import { attendanceDue, ATTENDANCE_HOURS_AFTER_END } from '../core/meetup-timeline';

/**
 * The attendance record after a meetup (who came, who did not), a step of the minute tick.
 *
 * Safe to run anywhere, any number of times, on several instances at once: a cheap unlocked query finds
 * candidate meetups, then each meetup is handled in its own transaction under its row lock
 * (forEachDueMeetup), where the condition is checked again and the work and its "done" mark commit together.
 */
@Injectable()
export class AttendanceRecordService {
  private readonly logger = new Logger('Invitations');

  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: MeetupTimelineRepository,
  ) {}

  /**
   * ATTENDANCE_HOURS_AFTER_END hours after the end (or at once when staff move
   * the meetup to `held`): accepted members who never checked in become
   * no-shows, members' attended / no-show counters grow (the invitee score
   * reads them), and the meetup is held. Once per meetup (attendance_recorded_at).
   * Returns the number of meetups recorded.
   */
  async recordAttendance(now = new Date()): Promise<number> {
    const endedBefore = new Date(now.getTime() - ATTENDANCE_HOURS_AFTER_END * 3_600_000);
    const recorded = await forEachDueMeetup(
      this.dataSource,
      await this.timeline.toRecord(endedBefore),
      async (meetup, manager) => {
        if (!attendanceDue(meetup, now)) return null;
        const { noShows, attended } = await this.timeline.recordAttendance(manager, meetup.id, now);
        // Held, unless staff already made it so; an inviting meetup whose deadline tick never ran closes first.
        if (meetup.status === 'inviting') await changeMeetupStatus(manager, meetup, 'closed');
        if (meetup.status === 'closed') await changeMeetupStatus(manager, meetup, 'held');
        this.logger.log(`Meetup ${meetup.id}: attendance recorded, ${attended} came, ${noShows} no-show(s)`);
        return true;
      },
    );
    return recorded.length;
  }
}
