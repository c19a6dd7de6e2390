import { Injectable } from '@nestjs/common';
import type { MeetupStatus } from '../../meetups/meetup-status';
import type { RsvpFunnelCounts } from './funnel-chart';
import { InvitationWavesRepository, StaffInvitationRow } from './invitation-waves.repository';
import { InvitationWavesService } from './invitation-waves.service';
import { InvitationsRepository, StateCounts } from '../core/invitations.repository';
import { meetupStaffPages, MeetupStaffPage } from './meetup-staff-pages';
import type { WaveSize } from './wave-size';

/** The funnel picture's numbers: withdrawn invitations are left out of it; open offers apart, as the header counts them. */
export const funnelOf = (counts: StateCounts): RsvpFunnelCounts => ({
  invited: counts.invited - counts.cancelled,
  accepted: counts.accepted,
  // An open offer holds a seat (seats_taken counts it), so it is its own segment, not "waitlisted".
  offered: counts.offers,
  declined: counts.declined,
  waitlisted: counts.waitlisted - counts.offers,
  expired: counts.expired,
  pending: counts.pending,
  checkedIn: counts.checkedIn,
});

export interface InvitationsOverview {
  meetup: {
    id: number;
    title: string;
    city: string;
    /** The city's Chinese name, for zh-CN readers. */
    cityZh: string | null;
    timeZone: string;
    status: MeetupStatus;
    startsAt: Date;
    rsvpDeadline: Date | null;
    capacityMin: number;
    capacityMax: number;
    seatsTaken: number;
  };
  settings: { firstWaveSize: number | null; autoWaves: boolean };
  counts: StateCounts & { inLine: number };
  /** The funnel picture's numbers: withdrawn invitations are left out of it. */
  funnel: RsvpFunnelCounts;
  /** The next wave as it can go out now (cut to the members left to rank), and why. */
  nextWave: WaveSize & { message: string };
  /** Raised once accepted < capacity minimum near the deadline; null until then. */
  lowTurnout: { alertedAt: Date; accepted: number; capacityMin: number } | null;
  invitations: (StaffInvitationRow & { withdrawable: boolean })[];
}

/** What the meetup page shows of its invitations. */
export interface MeetupInvitationsSummary {
  funnel: RsvpFunnelCounts;
  /** Withdrawn by staff: not in the funnel. */
  withdrawn: number;
  /** The staff pages that make sense for the meetup now (meetup-staff-pages.ts). */
  pages: MeetupStaffPage[];
}

type Flags = NonNullable<StaffInvitationRow['flags']>;

/** The automated-answer log entries folded into one entry with each sign and each reason once. */
function onceEach(flags: Flags): Flags {
  const signs = [...new Set(flags.flatMap((f) => f.signs ?? []))];
  const seen = new Set<string>();
  const reasons = flags
    .flatMap((f) => f.reasons ?? [])
    .filter((r) => {
      const key = typeof r === 'string' ? r : (r.en ?? JSON.stringify(r));
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return [{ signs, reasons }];
}

/** What staff see of a meetup's invitations, for the page and the API alike. */
@Injectable()
export class InvitationsOverviewService {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly repository: InvitationWavesRepository,
    private readonly waves: InvitationWavesService,
  ) {}

  async overview(meetupId: number, now = new Date()): Promise<InvitationsOverview> {
    const meetup = await this.waves.meetup(meetupId);
    const [counts, nextWave, list] = await Promise.all([
      this.invitations.stateCounts(meetupId),
      this.waves.sendableWave(meetup, now),
      this.repository.list(meetupId),
    ]);
    const open = !['held', 'cancelled'].includes(meetup.status) && meetup.startsAt.getTime() > now.getTime();
    return {
      meetup: {
        id: meetup.id,
        title: meetup.title,
        city: meetup.city!.name,
        cityZh: meetup.city!.nameZh,
        timeZone: meetup.city!.timeZone,
        status: meetup.status,
        startsAt: meetup.startsAt,
        rsvpDeadline: meetup.rsvpDeadline,
        capacityMin: meetup.capacityMin,
        capacityMax: meetup.capacityMax,
        seatsTaken: meetup.seatsTaken,
      },
      settings: { firstWaveSize: meetup.firstWaveSize, autoWaves: meetup.autoWaves },
      counts: { ...counts, inLine: counts.waitlisted - counts.offers },
      funnel: funnelOf(counts),
      nextWave: { ...nextWave, message: this.waves.whyNot(meetup, nextWave).message },
      lowTurnout: meetup.lowTurnoutAlertedAt
        ? { alertedAt: meetup.lowTurnoutAlertedAt, accepted: counts.accepted, capacityMin: meetup.capacityMin }
        : null,
      invitations: list.map((row) => ({
        ...row,
        // Each answer re-reads the whole log, so one sign can be logged several times: list it once.
        flags: row.flags ? onceEach(row.flags) : null,
        withdrawable: open && row.state !== 'cancelled' && row.state !== 'expired' && !row.checkedInAt,
      })),
    };
  }

  /** The meetup page's part: the funnel without the list, and which staff pages to link. */
  async meetupSummary(meetupId: number, now = new Date()): Promise<MeetupInvitationsSummary> {
    const meetup = await this.waves.meetup(meetupId);
    const [counts, nextWave] = await Promise.all([
      this.invitations.stateCounts(meetupId),
      this.waves.nextWave(meetup, now),
    ]);
    return {
      funnel: funnelOf(counts),
      withdrawn: counts.cancelled,
      pages: meetupStaffPages(meetup, counts.invited, nextWave.reason, now),
    };
  }
}
