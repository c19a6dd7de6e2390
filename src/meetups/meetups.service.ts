import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { CitiesService } from '../cities/cities.service';
import { MeetupEvents } from './meetup-events';
import { MeetupNotFoundException } from './meetup-not-found.exception';
import { allowedTransitions, MeetupStatus } from './meetup-status';
import { changeMeetupStatus } from './meetup-status-change';
import { fromCityLocal, toCityLocal } from './meetup-time';
import { Meetup } from './meetup.entity';
import { MeetupsRepository } from './meetups.repository';
import { MeetupInputDto, MeetupUpdateDto } from './dto/meetup-input.dto';
import { errorText, message } from '../common/strings';

/** A meetup as the API and pages show it: times as the city's wall clock. */
export interface MeetupView {
  id: number;
  cityId: number;
  city: string;
  /** The city's Chinese name (乌鲁木齐) when it is a gazetteer city: zh-CN readers see it. */
  cityZh: string | null;
  timeZone: string;
  title: string;
  venue: string;
  address: string;
  startsAt: string;
  endsAt: string;
  rsvpDeadline: string | null;
  /** The same instants in UTC, ISO 8601. */
  startsAtUtc: string;
  endsAtUtc: string;
  capacityMin: number;
  capacityMax: number;
  /** Accepted members plus open seat offers to the waitlist. */
  seatsTaken: number;
  status: MeetupStatus;
  allowedTransitions: readonly MeetupStatus[];
}

export function meetupView(m: Meetup): MeetupView {
  const zone = m.city!.timeZone;
  return {
    id: m.id,
    cityId: m.cityId,
    city: m.city!.name,
    cityZh: m.city!.nameZh ?? null,
    timeZone: zone,
    title: m.title,
    venue: m.venue,
    address: m.address,
    startsAt: toCityLocal(m.startsAt, zone),
    endsAt: toCityLocal(m.endsAt, zone),
    rsvpDeadline: m.rsvpDeadline ? toCityLocal(m.rsvpDeadline, zone) : null,
    startsAtUtc: m.startsAt.toISOString(),
    endsAtUtc: m.endsAt.toISOString(),
    capacityMin: m.capacityMin,
    capacityMax: m.capacityMax,
    seatsTaken: m.seatsTaken,
    status: m.status,
    allowedTransitions: allowedTransitions(m.status),
  };
}

const pgCode = (e: unknown) => (e instanceof QueryFailedError ? (e.driverError as { code?: string }).code : undefined);

@Injectable()
export class MeetupsService {
  constructor(
    private readonly meetups: MeetupsRepository,
    private readonly cities: CitiesService,
    private readonly events: MeetupEvents,
  ) {}

  /** Meetups not over yet (soonest first), then past ones (latest first). */
  async list(cityId?: number): Promise<MeetupView[]> {
    const { upcoming, past } = await this.overview(cityId);
    return [...upcoming, ...past];
  }

  async overview(cityId?: number, now = new Date()): Promise<{ upcoming: MeetupView[]; past: MeetupView[] }> {
    const { upcoming, past } = await this.meetups.list(cityId, now);
    return { upcoming: upcoming.map(meetupView), past: past.map(meetupView) };
  }

  /** The next meetups that will take place, soonest first. */
  async next(limit = 5, now = new Date()): Promise<MeetupView[]> {
    return (await this.meetups.next(now, limit)).map(meetupView);
  }

  /** Non-cancelled meetups starting in [from, until). */
  async between(from: Date, until: Date): Promise<MeetupView[]> {
    return (await this.meetups.between(from, until)).map(meetupView);
  }

  async get(id: number, manager?: EntityManager): Promise<MeetupView> {
    return meetupView(await this.load(id, manager));
  }

  /** A draft meetup; inside `manager`'s transaction when given (the planner accepts several at once). */
  async create(input: MeetupInputDto, status: MeetupStatus = 'draft', manager?: EntityManager): Promise<MeetupView> {
    const fields = await this.fieldsToStore(input);
    const saved = await this.store(() => this.meetups.save({ ...fields, status }, manager));
    return this.get(saved.id, manager);
  }

  /** The meetup, if it may still be edited (409 once held or cancelled). */
  async getEditable(id: number): Promise<MeetupView> {
    const m = await this.load(id);
    this.assertEditable(m);
    return meetupView(m);
  }

  /**
   * Edits a meetup in one transaction under its row lock: answers take seats
   * under the same lock, so the capacity check sees the seats really taken, and
   * what the change listeners queue (update emails) commits with the edit.
   */
  async update(id: number, input: MeetupUpdateDto): Promise<MeetupView> {
    await this.meetups.transaction(async (manager) => {
      if (!(await this.meetups.findForUpdate(id, manager))) throw new MeetupNotFoundException(id);
      const current = (await this.meetups.find(id, manager))!;
      this.assertEditable(current);
      const merged: MeetupInputDto = {
        cityId: input.cityId ?? current.cityId,
        title: input.title ?? current.title,
        venue: input.venue ?? current.venue,
        address: input.address ?? current.address,
        startsAt: input.startsAt ?? toCityLocal(current.startsAt, current.city!.timeZone),
        endsAt: input.endsAt ?? toCityLocal(current.endsAt, current.city!.timeZone),
        // null clears the deadline; left out keeps it.
        rsvpDeadline:
          input.rsvpDeadline === null
            ? undefined
            : (input.rsvpDeadline ??
              (current.rsvpDeadline ? toCityLocal(current.rsvpDeadline, current.city!.timeZone) : undefined)),
        capacityMin: input.capacityMin ?? current.capacityMin,
        capacityMax: input.capacityMax ?? current.capacityMax,
      };
      const fields = await this.fieldsToStore(merged);
      if (fields.capacityMax! < current.seatsTaken) {
        throw new ConflictException(
          errorText('meetupCapacityBelowSeats', {
            max: String(fields.capacityMax),
            taken: String(current.seatsTaken),
          }),
        );
      }
      await this.store(() => this.meetups.save({ id, ...fields }, manager));
      await this.events.emitChanged(current, (await this.meetups.find(id, manager))!, manager);
    });
    return this.get(id);
  }

  /** Moves the status one legal step; 409 names the allowed ones otherwise. */
  async transition(id: number, to: MeetupStatus): Promise<MeetupView> {
    await this.meetups.transaction(async (manager) => {
      const m = await this.meetups.findForUpdate(id, manager);
      if (!m) throw new MeetupNotFoundException(id);
      await this.store(() => changeMeetupStatus(manager, m, to));
      if (to === 'cancelled') await this.events.emitCancelled(m, manager);
    });
    return this.get(id);
  }

  private assertEditable(m: Meetup): void {
    if (m.status === 'held' || m.status === 'cancelled') {
      throw new ConflictException(
        errorText('meetupNotEditable', { id: String(m.id), status: message(`status_${m.status}`) }),
      );
    }
  }

  private async load(id: number, manager?: EntityManager): Promise<Meetup> {
    const m = await this.meetups.find(id, manager);
    if (!m) throw new MeetupNotFoundException(id);
    return m;
  }

  private async fieldsToStore(input: MeetupInputDto): Promise<Partial<Meetup>> {
    const city = await this.cities.find(input.cityId);
    if (!city) throw new BadRequestException(errorText('cityMissing', { id: String(input.cityId) }));
    const at = (name: 'startsAt' | 'endsAt' | 'rsvpDeadline', local: string) => {
      const d = fromCityLocal(local, city.timeZone);
      if (!d) {
        const field = message(`field.${name}`);
        throw new BadRequestException(errorText('meetupNotRealTime', { field, local, zone: city.timeZone }));
      }
      return d;
    };
    const startsAt = at('startsAt', input.startsAt);
    const endsAt = at('endsAt', input.endsAt);
    const rsvpDeadline = input.rsvpDeadline ? at('rsvpDeadline', input.rsvpDeadline) : null;
    if (endsAt <= startsAt) throw new BadRequestException(errorText('meetupEndsAfterStarts'));
    if (rsvpDeadline && rsvpDeadline >= startsAt) {
      throw new BadRequestException(errorText('meetupDeadlineBeforeStart'));
    }
    const capacityMin = input.capacityMin ?? 30;
    const capacityMax = input.capacityMax ?? 50;
    if (capacityMin > capacityMax) {
      throw new BadRequestException(
        errorText('meetupCapacityOrder', { min: String(capacityMin), max: String(capacityMax) }),
      );
    }
    return {
      cityId: city.id,
      title: input.title.trim(),
      venue: input.venue?.trim() ?? '',
      address: input.address?.trim() ?? '',
      startsAt,
      endsAt,
      rsvpDeadline,
      capacityMin,
      capacityMax,
    };
  }

  /** Maps the database's refusals to answers: overlap (meetups_no_overlap) → 409, a CHECK → 400. */
  private async store<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (pgCode(error) === '23P01') {
        throw new ConflictException(errorText('meetupOverlap'));
      }
      if (pgCode(error) === '23514') {
        throw new BadRequestException(`The meetup breaks a rule: ${(error as Error).message}`);
      }
      throw error;
    }
  }
}
