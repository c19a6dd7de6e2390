import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withMeetupLock } from '../../meetups/meetup-lock';
import { Environment } from '../../config/environment';
import type { Principal } from '../../common/principal';
import { ErrorText, errorText, message, PerLocale } from '../../common/strings';
import { MeetupNotFoundException } from '../../meetups/meetup-not-found.exception';
import type { Meetup } from '../../meetups/meetup.entity';
import { ArrivalCounts, AttendeeRow, CheckInRepository, DoorMeetupRow } from './check-in.repository';
import { invitationIdFromCheckInCode } from '../core/check-in-code';
import { localTime } from '../core/invitation-mail';
import { InvitationsRepository } from '../core/invitations.repository';
import { CHECK_IN_OPENS_HOURS_BEFORE, checkInWindow, CheckInWindow, stewardMaySee } from '../core/meetup-timeline';

/** The meetup as the door pages show it. */
export interface DoorMeetup {
  id: number;
  title: string;
  city: string;
  /** The city's Chinese name, for zh-CN readers. */
  cityZh: string | null;
  timeZone: string;
  venue: string;
  address: string;
  startsAt: Date;
  endsAt: Date;
  status: Meetup['status'];
}

export interface CheckInDesk {
  meetup: DoorMeetup;
  window: CheckInWindow;
  counts: ArrivalCounts;
  q: string | null;
  attendees: AttendeeRow[];
}

export interface ScanView {
  meetup: DoorMeetup;
  window: CheckInWindow;
  attendee: AttendeeRow;
  /** Place in the waitlist (1 = next) for a waitlisted member without an offer. */
  position: number | null;
}

export interface CheckInResult {
  /** False when it was already so (a second scan, a double click). */
  changed: boolean;
  attendee: AttendeeRow;
  counts: ArrivalCounts;
}

export interface Roster {
  meetup: DoorMeetup;
  counts: ArrivalCounts;
  attendees: AttendeeRow[];
  waitlist: AttendeeRow[];
}

export type CheckInVia = 'desk' | 'scan' | 'api';

const invalidCode = () => new NotFoundException(errorText('checkInCodeInvalid'));

/**
 * The door of a meetup: who is expected, who arrived. Reads never change
 * anything (a phone camera may open a scan URL twice); marking and undoing are
 * POSTs, each one transaction under the meetup's row lock with a conditional
 * UPDATE, so the count is exact however many stewards scan at once, and the
 * attendance record (same lock) never races a late check-in.
 */
@Injectable()
export class CheckInService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly invitations: InvitationsRepository,
    private readonly door: CheckInRepository,
    private readonly env: Environment,
  ) {}

  /** The check-in list; a steward sees it only during the meetup's check-in window (stewardMaySee). */
  async desk(meetupId: number, q: string | undefined, viewer: Principal, now = new Date()): Promise<CheckInDesk> {
    const meetup = await this.meetup(meetupId);
    this.assertMaySeeAttendees(meetup, viewer, now);
    const query = q?.trim() || null;
    const [counts, attendees] = await Promise.all([
      this.door.counts(meetupId),
      this.door.attendees(meetupId, query ?? undefined),
    ]);
    return { meetup: doorMeetup(meetup), window: checkInWindow(meetup, now), counts: counts!, q: query, attendees };
  }

  async counts(meetupId: number): Promise<ArrivalCounts> {
    const counts = await this.door.counts(meetupId);
    if (!counts) throw new MeetupNotFoundException(meetupId);
    return counts;
  }

  /** What a scanned code shows; changes nothing. */
  async scan(code: string, viewer: Principal, now = new Date()): Promise<ScanView> {
    const attendee = await this.byCode(code);
    const meetup = await this.meetup(attendee.meetupId);
    this.assertMaySeeAttendees(meetup, viewer, now);
    const position =
      attendee.state === 'waitlisted' && attendee.waitlistSeq && !attendee.offerExpiresAt
        ? await this.invitations.waitlistPosition(meetup.id, attendee.waitlistSeq)
        : null;
    return { meetup: doorMeetup(meetup), window: checkInWindow(meetup, now), attendee, position };
  }

  async roster(meetupId: number, viewer: Principal, now = new Date()): Promise<Roster> {
    const meetup = await this.meetup(meetupId);
    this.assertMaySeeAttendees(meetup, viewer, now);
    const [counts, attendees, waitlist] = await Promise.all([
      this.door.counts(meetupId),
      this.door.attendees(meetupId),
      this.door.waitlist(meetupId),
    ]);
    return { meetup: doorMeetup(meetup), counts: counts!, attendees, waitlist };
  }

  /** Meetups whose door is open now or opens within a day: the stewards' start page. */
  atTheDoor(now = new Date()): Promise<DoorMeetupRow[]> {
    const day = 24 * 3_600_000;
    return this.door.atTheDoor(
      new Date(now.getTime() + day + CHECK_IN_OPENS_HOURS_BEFORE * 3_600_000),
      new Date(now.getTime() - 6 * 3_600_000),
    );
  }

  async markArrived(
    meetupId: number,
    invitationId: string,
    by: Principal,
    via: CheckInVia,
    now = new Date(),
  ): Promise<CheckInResult> {
    return this.arriveOrUndo(meetupId, invitationId, by, via, now, 'arrive');
  }

  async undoArrival(
    meetupId: number,
    invitationId: string,
    by: Principal,
    via: CheckInVia,
    now = new Date(),
  ): Promise<CheckInResult> {
    return this.arriveOrUndo(meetupId, invitationId, by, via, now, 'undo');
  }

  async markArrivedByCode(code: string, by: Principal, now = new Date()): Promise<CheckInResult> {
    const attendee = await this.byCode(code);
    return this.arriveOrUndo(attendee.meetupId, attendee.invitationId, by, 'scan', now, 'arrive');
  }

  async undoArrivalByCode(code: string, by: Principal, now = new Date()): Promise<CheckInResult> {
    const attendee = await this.byCode(code);
    return this.arriveOrUndo(attendee.meetupId, attendee.invitationId, by, 'scan', now, 'undo');
  }

  private async arriveOrUndo(
    meetupId: number,
    invitationId: string,
    by: Principal,
    via: CheckInVia,
    now: Date,
    action: 'arrive' | 'undo',
  ): Promise<CheckInResult> {
    return withMeetupLock(this.dataSource, meetupId, async (meetup, manager) => {
      const before = await this.door.attendee(invitationId, manager);
      if (!before || before.meetupId !== meetupId) {
        throw new NotFoundException(
          errorText('checkInOtherMeetup', { invitation: invitationId, meetup: String(meetupId) }),
        );
      }
      this.assertDoorOpen(meetup, now);
      if (before.state !== 'accepted') {
        const why = message(`checkInWhy.${before.state as Exclude<typeof before.state, 'accepted'>}`);
        throw new ConflictException(errorText('checkInNotAccepted', { name: before.name, why }));
      }
      const changed =
        action === 'arrive'
          ? await this.door.markArrived(manager, meetupId, invitationId, by.accountId, now)
          : await this.door.undoArrival(manager, meetupId, invitationId);
      if (changed) {
        await this.invitations.logEvent(manager, invitationId, action === 'arrive' ? 'check-in' : 'check-in-undone', {
          by: by.accountId,
          byName: by.name,
          via,
        });
      }
      const [attendee, counts] = await Promise.all([
        this.door.attendee(invitationId, manager),
        this.door.counts(meetupId, manager),
      ]);
      return { changed, attendee: attendee!, counts: counts! };
    });
  }

  /**
   * Stewards work the door: they see who is coming only while it is open for the meetup (from 3 hours
   * before the start until attendance is due), not weeks ahead. Staff plan with the list and always see it.
   */
  private assertMaySeeAttendees(meetup: Meetup, viewer: Principal, now: Date): void {
    if (viewer.role !== 'steward' || stewardMaySee(meetup, now)) return;
    const { opensAt, closesAt } = checkInWindow(meetup, now);
    const zone = meetup.city!.timeZone;
    const at = (d: Date): PerLocale => ({ en: localTime(d, zone, 'en'), 'zh-CN': localTime(d, zone, 'zh-CN') });
    throw new ForbiddenException(
      errorText('checkInStewardWindow', {
        opens: at(opensAt),
        closes: at(closesAt),
        hours: String(CHECK_IN_OPENS_HOURS_BEFORE),
      }),
    );
  }

  private assertDoorOpen(meetup: Meetup, now: Date): void {
    const window = checkInWindow(meetup, now);
    if (window.open) return;
    const zone = meetup.city!.timeZone;
    // The time as each language writes it ("Friday 6 March 2026 16:00 (Asia/Shanghai)", "2026年3月6日星期五 16:00 (Asia/Shanghai)").
    const at = (d: Date): PerLocale => ({ en: localTime(d, zone, 'en'), 'zh-CN': localTime(d, zone, 'zh-CN') });
    const refusals: Record<NonNullable<CheckInWindow['closed']>, ErrorText> = {
      'too-early': errorText('checkInTooEarly', {
        time: at(window.opensAt),
        hours: String(CHECK_IN_OPENS_HOURS_BEFORE),
      }),
      over: errorText('checkInOver', { time: at(window.closesAt) }),
      recorded: errorText('checkInRecorded'),
      cancelled: errorText('checkInCancelled'),
      'not-invited': errorText('checkInNotInvited'),
    };
    throw new ConflictException(refusals[window.closed!]);
  }

  private async byCode(code: string): Promise<AttendeeRow> {
    const id = invitationIdFromCheckInCode(this.env.APP_SECRET!, code);
    const attendee = id ? await this.door.attendee(id) : null;
    if (!attendee) throw invalidCode();
    return attendee;
  }

  private async meetup(meetupId: number): Promise<Meetup> {
    const meetup = await this.invitations.meetupWithCity(meetupId);
    if (!meetup) throw new MeetupNotFoundException(meetupId);
    return meetup;
  }
}

function doorMeetup(m: Meetup): DoorMeetup {
  return {
    id: m.id,
    title: m.title,
    city: m.city!.name,
    cityZh: m.city!.nameZh,
    timeZone: m.city!.timeZone,
    venue: m.venue,
    address: m.address,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    status: m.status,
  };
}
