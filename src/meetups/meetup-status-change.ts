import { ConflictException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { errorText, message } from '../common/strings';
import { allowedTransitions, canTransition, MeetupStatus } from './meetup-status';
import type { Meetup } from './meetup.entity';

/**
 * The one writer of meetups.status: one step the status machine (meetup-status.ts) allows, on a meetup
 * the caller holds locked (meetup-lock.ts). 409 naming the allowed steps otherwise. Sets `meetup.status`.
 */
export async function changeMeetupStatus(manager: EntityManager, meetup: Meetup, to: MeetupStatus): Promise<void> {
  if (!canTransition(meetup.status, to)) {
    const allowed = allowedTransitions(meetup.status);
    const status = (s: MeetupStatus) => message(`status_${s}`);
    throw new ConflictException(
      errorText(
        'meetupCannotBecome',
        {
          from: status(meetup.status),
          to: status(to),
          allowed: allowed.length ? allowed.map(status) : message('statusNone'),
        },
        { from: meetup.status, to, allowed },
      ),
    );
  }
  await manager.query(`UPDATE meetups SET status = $2, updated_at = now() WHERE id = $1`, [meetup.id, to]);
  meetup.status = to;
}
