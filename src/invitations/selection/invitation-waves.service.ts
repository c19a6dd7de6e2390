import { cityName } from '../../cities/city-display';
import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JobsService } from '../../jobs/jobs.service';
import { DELIVERY_QUEUE } from '../../mail/mail-outbox.service';
import { MeetupNotFoundException } from '../../meetups/meetup-not-found.exception';
import { forEachDueMeetup, withMeetupLock } from '../../meetups/meetup-lock';
import type { Meetup } from '../../meetups/meetup.entity';
import { InvitationWavesRepository } from './invitation-waves.repository';
import { InvitationsRepository } from '../core/invitations.repository';
import { InviteeChoice, WaveSendingService, SentWave } from './wave-sending.service';
import { InviteeSelectionService, ScoredInvitee } from './invitee-selection.service';
import { nextWaveSize, WaveSize } from './wave-size';
import { ErrorText, errorText, message } from '../../common/strings';

export interface WaveRequest {
  /** 'next': the next-ranked members, as many as the next wave's size. */
  wave?: 'next';
  /** Members left out of this meetup's proposals (for good: later waves skip them too). */
  exclude?: string[];
  /** Members invited by hand, ranked or not. */
  add?: string[];
  /**
   * The proposal the sender reviewed (member ids). When given, the wave goes out only if the
   * ranking still proposes exactly these members; otherwise 409 and nothing is sent.
   */
  proposed?: string[];
}

export interface SentWaveReport extends SentWave {
  /** The wave size the rule allowed, and why. */
  allowed: WaveSize;
  fromRanking: number;
  byHand: number;
  leftOut: number;
}

export interface Proposal {
  meetupId: number;
  nextWave: WaveSize;
  /** Ranked members; the first `nextWave.size` are proposed for the next wave. */
  invitees: (ScoredInvitee & { rank: number; proposed: boolean })[];
  excluded: Awaited<ReturnType<InviteeSelectionService['excluded']>>;
}

const deadlineOf = (m: Meetup) => m.rsvpDeadline ?? m.startsAt;

/** "Li Lei (m-12), Han Meimei (m-40)": the members a refusal is about. */
const named = (members: { name: string; memberId: string }[]) =>
  members.map((f) => `${f.name} (${f.memberId})`).join(', ');

/**
 * Invitation waves: how many the next wave may invite, who (the ranking, minus members staff left
 * out, plus members they picked by hand), and the automatic later waves. Every send runs in one
 * transaction under the meetup's row lock, so the wave size is computed from counts nobody else
 * can change meanwhile, and two senders — two staff, or the tick on two instances — never send
 * the same wave twice.
 */
@Injectable()
export class InvitationWavesService {
  private readonly logger = new Logger('Waves');

  constructor(
    private readonly dataSource: DataSource,
    private readonly invitations: InvitationsRepository,
    private readonly waves: InvitationWavesRepository,
    private readonly selection: InviteeSelectionService,
    private readonly inviting: WaveSendingService,
    private readonly jobs: JobsService,
  ) {}

  /** The next wave's size for a meetup already read (locked when `manager` is a sending transaction). */
  async nextWave(meetup: Meetup, now: Date, manager?: EntityManager): Promise<WaveSize> {
    const counts = await this.invitations.stateCounts(meetup.id, manager);
    return nextWaveSize(
      {
        status: meetup.status,
        capacityMax: meetup.capacityMax,
        firstWaveSize: meetup.firstWaveSize,
        deadline: deadlineOf(meetup),
        seatsTaken: meetup.seatsTaken,
        invited: counts.invited,
        pending: counts.pending,
        waitingInLine: counts.waitlisted - counts.offers,
      },
      now,
    );
  }

  /**
   * The ranked proposal: `limit` members (default: the next wave's size and 20 more, to pick
   * from), the first `nextWave.size` of them proposed.
   */
  async proposal(meetupId: number, limit?: number, now = new Date()): Promise<Proposal> {
    const meetup = await this.meetup(meetupId);
    const nextWave = await this.nextWave(meetup, now);
    const [ranked, excluded] = await Promise.all([
      this.selection.ranked(meetup, limit ?? Math.min(500, nextWave.size + 20)),
      this.selection.excluded(meetupId),
    ]);
    return {
      meetupId,
      nextWave,
      invitees: ranked.map((r, i) => ({ ...r, rank: i + 1, proposed: i < nextWave.size })),
      excluded,
    };
  }

  async send(meetupId: number, request: WaveRequest, by: number | null, now = new Date()): Promise<SentWaveReport> {
    const exclude = unique(request.exclude ?? []);
    const add = unique(request.add ?? []);
    if (request.wave !== 'next' && add.length === 0) {
      throw new BadRequestException(errorText('invNothingToSend'));
    }
    if (request.wave !== 'next' && (exclude.length > 0 || request.proposed)) {
      throw new BadRequestException(errorText('invRankingOnly'));
    }
    const both = exclude.filter((id) => add.includes(id));
    if (both.length > 0) throw new BadRequestException(errorText('invBothOutAndAdded', { ids: both.join(', ') }));

    const report = await withMeetupLock(this.dataSource, meetupId, async (meetup, manager) => {
      const allowed = await this.nextWave(meetup, now, manager);
      if (allowed.reason === 'not-open' || allowed.reason === 'deadline-passed') {
        throw new ConflictException(this.whyNot(meetup, allowed));
      }
      const hand = await this.handPicked(manager, meetup, add);
      let ranked: ScoredInvitee[] = [];
      if (request.wave === 'next') {
        if (allowed.size === 0 && hand.length === 0) throw new ConflictException(this.whyNot(meetup, allowed));
        await this.assertKnown(manager, meetup, exclude);
        ranked = await this.selection.ranked(meetup, allowed.size, manager);
        if (request.proposed && !sameMembers(request.proposed, ranked)) {
          throw new ConflictException(errorText('invProposalChanged'));
        }
        await this.selection.exclude(manager, meetup.id, exclude, by);
        ranked = ranked.filter((r) => !exclude.includes(r.memberId) && !add.includes(r.memberId));
        if (ranked.length === 0 && hand.length === 0) throw new ConflictException(this.nobodyLeft(meetup));
      }
      // A member picked by hand is no longer left out.
      await this.selection.include(manager, meetup.id, add);
      const choices: InviteeChoice[] = [
        ...ranked.map((r) => ({ memberId: r.memberId, score: r.score, byHand: false })),
        ...hand.map((h) => ({ memberId: h.memberId, score: h.score, byHand: true })),
      ];
      const sent = await this.inviting.inviteLocked(manager, meetup, choices, now);
      return { ...sent, allowed, fromRanking: ranked.length, byHand: hand.length, leftOut: exclude.length };
    });
    if (report.invited > 0) this.jobs.notify(DELIVERY_QUEUE);
    this.logger.log(
      `Meetup ${meetupId}: wave ${report.wave} invited ${report.invited} (${report.fromRanking} ranked, ${report.byHand} by hand, ${report.leftOut} left out)`,
    );
    return report;
  }

  /** Staff's wave settings; undefined leaves one as it is. */
  async updateSettings(meetupId: number, settings: { firstWaveSize?: number | null; autoWaves?: boolean }) {
    await withMeetupLock(this.dataSource, meetupId, async (meetup, manager) => {
      if (meetup.status === 'held' || meetup.status === 'cancelled') {
        const status = message(`status_${meetup.status}`);
        throw new ConflictException(errorText('invWavesClosed', { id: String(meetupId), status }));
      }
      await this.waves.updateSettings(manager, meetupId, settings);
    });
    const meetup = await this.meetup(meetupId);
    return { firstWaveSize: meetup.firstWaveSize, autoWaves: meetup.autoWaves };
  }

  /**
   * The minute tick: every meetup with automatic waves on gets its next wave when declines and
   * expiries freed seats before the deadline. Safe on several instances at once: each meetup is
   * decided under its row lock from fresh counts, so the second instance finds nothing to send.
   * Returns how many waves went out.
   */
  async sendAutomaticWaves(now = new Date()): Promise<number> {
    const waves = await forEachDueMeetup(
      this.dataSource,
      await this.waves.autoWaveCandidates(now),
      async (meetup, manager) => {
        if (!meetup.autoWaves) return null;
        const allowed = await this.nextWave(meetup, now, manager);
        // The first wave is always staff's decision: they review the proposal before anyone is mailed.
        if (allowed.first || allowed.size === 0) return null;
        const ranked = await this.selection.ranked(meetup, allowed.size, manager);
        if (ranked.length === 0) return null;
        return this.inviting.inviteLocked(
          manager,
          meetup,
          ranked.map((r) => ({ memberId: r.memberId, score: r.score, byHand: false })),
          now,
        );
      },
    );
    const sent = waves.filter((wave) => wave.invited > 0);
    for (const wave of sent)
      this.logger.log(`Meetup ${wave.meetupId}: automatic wave ${wave.wave} invited ${wave.invited}`);
    if (sent.length > 0) this.jobs.notify(DELIVERY_QUEUE);
    return sent.length;
  }

  /** Puts a member back into the meetup's proposals. */
  async includeAgain(meetupId: number, memberId: string): Promise<void> {
    const removed = await withMeetupLock(this.dataSource, meetupId, (_meetup, manager) =>
      this.selection.include(manager, meetupId, [memberId]),
    );
    if (removed === 0) {
      throw new NotFoundException(errorText('invNotLeftOut', { member: memberId, id: String(meetupId) }));
    }
  }

  /** A staff-readable sentence for a wave that cannot go out (English `message`, `shown` for a page). */
  whyNot(meetup: Meetup, wave: WaveSize): ErrorText {
    const id = String(meetup.id);
    switch (wave.reason) {
      case 'not-open':
        return errorText('invWaveNotOpen', { id, status: message(`status_${meetup.status}`) });
      case 'deadline-passed':
        return errorText('invDeadlinePassed', { id });
      case 'waitlist':
        return errorText('invWaveWaitlist', { id });
      case 'no-free-seats':
        return errorText('invWaveNoFreeSeats', { id, capacity: String(meetup.capacityMax) });
      case 'no-candidates':
        return this.nobodyLeft(meetup);
      default:
        return errorText('invWaveSize', { id, size: String(wave.size) });
    }
  }

  /**
   * The next wave as staff can send it now: the rule's size, cut to the members the ranking still
   * has (reason 'no-candidates' when it has none). Costs one ranking query.
   */
  async sendableWave(meetup: Meetup, now: Date): Promise<WaveSize> {
    const wave = await this.nextWave(meetup, now);
    if (wave.size === 0) return wave;
    const available = (await this.selection.ranked(meetup, wave.size)).length;
    if (available >= wave.size) return wave;
    return { ...wave, size: available, reason: available === 0 ? 'no-candidates' : wave.reason };
  }

  private nobodyLeft(meetup: Meetup): ErrorText {
    return errorText('invNobodyLeft', {
      id: String(meetup.id),
      city: { en: cityName(meetup.city!, 'en'), 'zh-CN': cityName(meetup.city!, 'zh-CN') },
      days: String(this.selection.settings.reinviteWindowDays),
    });
  }

  async meetup(meetupId: number): Promise<Meetup> {
    const meetup = await this.invitations.meetupWithCity(meetupId);
    if (!meetup) throw new MeetupNotFoundException(meetupId);
    return meetup;
  }

  /** Members picked by hand, checked: they exist, are subscribed and are not invited to this meetup yet. */
  private async handPicked(manager: EntityManager, meetup: Meetup, add: string[]) {
    const found = await this.selection.byIds(meetup, add, manager);
    const missing = add.filter((id) => !found.some((f) => f.memberId === id));
    if (missing.length > 0) throw new BadRequestException(errorText('invNoMember', { ids: missing.join(', ') }));
    const unsubscribed = found.filter((f) => f.unsubscribedAt);
    if (unsubscribed.length > 0) {
      throw new ConflictException(errorText('invUnsubscribed', { members: named(unsubscribed) }));
    }
    const invited = found.filter((f) => f.alreadyInvited);
    if (invited.length > 0) {
      throw new ConflictException(errorText('invAlreadyInvited', { members: named(invited), id: String(meetup.id) }));
    }
    return found;
  }

  private async assertKnown(manager: EntityManager, meetup: Meetup, memberIds: string[]): Promise<void> {
    const found = await this.selection.byIds(meetup, memberIds, manager);
    const missing = memberIds.filter((id) => !found.some((f) => f.memberId === id));
    if (missing.length > 0) {
      throw new BadRequestException(errorText('invNoMemberToLeaveOut', { ids: missing.join(', ') }));
    }
  }
}

const unique = (ids: string[]) => [...new Set(ids)];

function sameMembers(proposed: string[], ranked: ScoredInvitee[]): boolean {
  const a = new Set(proposed);
  return a.size === ranked.length && ranked.every((r) => a.has(r.memberId));
}
