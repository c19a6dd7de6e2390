import { Injectable } from '@nestjs/common';
import { And, DataSource, EntityManager, In, LessThan, MoreThanOrEqual, Not } from 'typeorm';
import { lockMeetup } from './meetup-lock';
import { Meetup } from './meetup.entity';

@Injectable()
export class MeetupsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** By primary key, with its city (for the time zone). */
  find(id: number, manager: EntityManager = this.dataSource.manager): Promise<Meetup | null> {
    return manager.findOne(Meetup, { where: { id }, relations: { city: true } });
  }

  /** Locks the row so two changes cannot interleave: the one meetup lock (meetup-lock.ts), with its timeout. */
  findForUpdate(id: number, manager: EntityManager): Promise<Meetup | null> {
    return lockMeetup(manager, id);
  }

  /**
   * Meetups not over yet, soonest first, then past ones, latest first (up to
   * `limit` each). meetups_city_id_starts_at_idx serves the per-city filter;
   * all cities together are a few hundred rows a year.
   */
  async list(cityId: number | undefined, now: Date, limit = 250): Promise<{ upcoming: Meetup[]; past: Meetup[] }> {
    const city = cityId ? { cityId } : {};
    const [upcoming, past] = await Promise.all([
      this.dataSource.manager.find(Meetup, {
        where: { ...city, endsAt: MoreThanOrEqual(now) },
        relations: { city: true },
        order: { startsAt: 'ASC', id: 'ASC' },
        take: limit,
      }),
      this.dataSource.manager.find(Meetup, {
        where: { ...city, endsAt: LessThan(now) },
        relations: { city: true },
        order: { startsAt: 'DESC', id: 'DESC' },
        take: limit,
      }),
    ]);
    return { upcoming, past };
  }

  /** The next meetups that will take place (not cancelled), soonest first: the dashboard's list. */
  next(now: Date, limit: number): Promise<Meetup[]> {
    return this.dataSource.manager.find(Meetup, {
      where: { endsAt: MoreThanOrEqual(now), status: Not(In(['cancelled', 'held'])) },
      relations: { city: true },
      order: { startsAt: 'ASC', id: 'ASC' },
      take: limit,
    });
  }

  /** Non-cancelled meetups starting in [from, until): what the planner's horizon already holds. */
  between(from: Date, until: Date): Promise<Meetup[]> {
    return this.dataSource.manager.find(Meetup, {
      where: { startsAt: And(MoreThanOrEqual(from), LessThan(until)), status: Not('cancelled') },
      relations: { city: true },
      order: { startsAt: 'ASC', id: 'ASC' },
    });
  }

  /** Non-cancelled meetups from `from` on: the planner keeps them (meetups_city_id_starts_at_idx is not used; few rows). */
  async fixedFrom(from: Date): Promise<{ cityId: number; startsAt: Date }[]> {
    const rows: { city_id: number; starts_at: Date }[] = await this.dataSource.query(
      `SELECT city_id, starts_at FROM meetups WHERE status <> 'cancelled' AND starts_at >= $1 ORDER BY starts_at, id`,
      [from],
    );
    return rows.map((r) => ({ cityId: r.city_id, startsAt: r.starts_at }));
  }

  save(meetup: Partial<Meetup>, manager: EntityManager = this.dataSource.manager): Promise<Meetup> {
    return manager.save(Meetup, meetup);
  }
}
