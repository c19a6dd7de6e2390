import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
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

  /** Locks the row so two status changes cannot interleave (primary key). */
  findForUpdate(id: number, manager: EntityManager): Promise<Meetup | null> {
    return manager.findOne(Meetup, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Upcoming and recent meetups first (meetups_city_id_starts_at_idx serves the per-city filter). */
  list(cityId?: number): Promise<Meetup[]> {
    return this.dataSource.manager.find(Meetup, {
      where: cityId ? { cityId } : {},
      relations: { city: true },
      order: { startsAt: 'DESC', id: 'DESC' },
      take: 500,
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
