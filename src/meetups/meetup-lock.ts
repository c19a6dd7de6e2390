import { Logger, ServiceUnavailableException } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { City } from '../cities/city.entity';
import { errorText } from '../common/strings';
import { MeetupNotFoundException } from './meetup-not-found.exception';
import { Meetup } from './meetup.entity';

/**
 * How long a transaction waits for a meetup's row lock before it gives up (pretix's locking.py waits 3 s
 * too). A change holds the lock for milliseconds, so a wait this long means something is stuck: the
 * request answers 503 "try again" instead of queueing forever, and the minute tick moves on.
 */
export const MEETUP_LOCK_TIMEOUT = '3s';

/** The meetup's row lock was not free within MEETUP_LOCK_TIMEOUT: nothing changed, try again. */
export class MeetupBusyException extends ServiceUnavailableException {
  constructor(readonly meetupId: number) {
    super(errorText('meetupBusy', { id: String(meetupId) }));
  }
}

/** PostgreSQL's lock_not_available (55P03): a lock wait ran past lock_timeout. */
export const lockNotAvailable = (e: unknown) =>
  e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '55P03';

/** A meetup with its city as one row: the columns, and the Meetup they make (meetupFromRow). */
export const MEETUP_WITH_CITY_COLUMNS = `m.id, m.city_id AS "cityId", m.title, m.venue, m.address, m.starts_at AS "startsAt",
  m.ends_at AS "endsAt", m.rsvp_deadline AS "rsvpDeadline", m.capacity_min AS "capacityMin", m.capacity_max AS "capacityMax",
  m.status, m.seats_taken AS "seatsTaken", m.waitlist_seq AS "waitlistSeq",
  m.calendar_sequence AS "calendarSequence", m.first_wave_size AS "firstWaveSize", m.auto_waves AS "autoWaves",
  m.low_turnout_alerted_at AS "lowTurnoutAlertedAt", m.reminded_at AS "remindedAt",
  m.attendance_recorded_at AS "attendanceRecordedAt", m.created_at AS "createdAt", m.updated_at AS "updatedAt",
  c.name AS "cityName", c.name_zh AS "cityNameZh", c.time_zone AS "cityTimeZone"`;

export type MeetupWithCityRow = Meetup & { cityName: string; cityNameZh: string | null; cityTimeZone: string };

export function meetupFromRow(row: MeetupWithCityRow): Meetup {
  const { cityName, cityNameZh, cityTimeZone, ...meetup } = row;
  return Object.assign(new Meetup(), meetup, {
    // The Chinese name too: emails and .ics name the city in the member's language.
    city: Object.assign(new City(), { id: meetup.cityId, name: cityName, nameZh: cityNameZh, timeZone: cityTimeZone }),
  });
}

/**
 * THE way to lock a meetup (its row, primary key), read with its city in the same statement. Every change
 * to a meetup's seats, invitations, questions or status runs under this lock, taken first (invitations
 * after), so seat counts and waitlist places are decided one change at a time per meetup and two
 * transactions never wait for each other in opposite orders. Refuses to run outside a transaction: a row
 * lock that ends with its statement protects nothing. Null when there is no such meetup.
 */
export async function lockMeetup(manager: EntityManager, meetupId: number): Promise<Meetup | null> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`Meetup ${meetupId}: lockMeetup needs a transaction (pass the transaction's manager)`);
  }
  let rows: MeetupWithCityRow[];
  try {
    // The timeout is set by the same statement, in the subquery that runs before any row is locked: one
    // round trip instead of a SET LOCAL first (is_local: it ends with the transaction, like SET LOCAL).
    rows = await manager.query(
      `SELECT ${MEETUP_WITH_CITY_COLUMNS}
         FROM (SELECT set_config('lock_timeout', $2, true)) AS timeout, meetups m JOIN cities c ON c.id = m.city_id
        WHERE m.id = $1
          FOR UPDATE OF m`,
      [meetupId, MEETUP_LOCK_TIMEOUT],
    );
  } catch (e) {
    if (lockNotAvailable(e)) throw new MeetupBusyException(meetupId);
    throw e;
  }
  return rows.length ? meetupFromRow(rows[0]) : null;
}

/**
 * Runs `work` under the meetup's row lock: in the caller's transaction when given its manager, else in a
 * new transaction of `db`. 404 (MeetupNotFoundException) when there is no such meetup.
 */
export async function withMeetupLock<T>(
  db: DataSource | EntityManager,
  meetupId: number,
  work: (meetup: Meetup, manager: EntityManager) => Promise<T>,
): Promise<T> {
  const locked = async (manager: EntityManager) => {
    const meetup = await lockMeetup(manager, meetupId);
    if (!meetup) throw new MeetupNotFoundException(meetupId);
    return work(meetup, manager);
  };
  return db instanceof DataSource ? db.transaction(locked) : locked(db);
}

/**
 * The minute tick's way through due work: `due` comes from a cheap unlocked query (a meetup id, or a row
 * naming its meetup), then each item is handled in its own transaction under its meetup's lock, where
 * `work` checks again whether it is still due (another instance may have just done it) and returns null
 * when not. Safe on several instances at once. A meetup gone since the query is skipped; one whose lock is
 * busy is skipped with a warning (the next tick finds it again). Returns what `work` returned, in order.
 */
export async function forEachDueMeetup<D extends number | { meetupId: number }, R>(
  dataSource: DataSource,
  due: readonly D[],
  work: (meetup: Meetup, manager: EntityManager, item: D) => Promise<R | null>,
): Promise<R[]> {
  const done: R[] = [];
  for (const item of due) {
    const meetupId = typeof item === 'number' ? item : item.meetupId;
    try {
      const result = await dataSource.transaction(async (manager) => {
        const meetup = await lockMeetup(manager, meetupId);
        return meetup ? work(meetup, manager, item) : null;
      });
      if (result !== null) done.push(result);
    } catch (e) {
      if (!(e instanceof MeetupBusyException)) throw e;
      new Logger('MeetupLock').warn(
        `Meetup ${meetupId}: row lock busy for ${MEETUP_LOCK_TIMEOUT}, left for the next tick`,
      );
    }
  }
  return done;
}
