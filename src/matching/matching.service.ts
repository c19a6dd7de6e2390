import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { errorText } from '../common/strings';
import { EngineersService, type EngineerView } from '../engineers/engineers.service';
import { ProductAreasService } from '../product-areas/product-areas.service';
import { MeetupsService, type MeetupView } from '../meetups/meetups.service';
import { matchEngineers, monthOf, DEFAULT_WEIGHTS } from './engineer-match';
import type { MatchEngineer, MatchMeetup, MatchReason, MatchResult } from './match-model';
import type { MatchingSettings } from './matching-settings.entity';
import { AssignmentRow, MatchingRepository } from './matching.repository';
import { MeetupDemandService, type AreaDemand } from './meetup-demand.service';

export const DEFAULT_HORIZON_WEEKS = 8;
const DAY_MS = 24 * 3600 * 1000;

export interface ReviewMeetup {
  meetup: MeetupView;
  date: string;
  demand: AreaDemand[];
  assignments: AssignmentRow[];
  /** Areas with real demand that nobody proposed or confirmed knows. */
  gaps: AreaDemand[];
  /** Engineers not on this meetup, for adding or swapping in. */
  candidates: { id: number; engineerCode: string; name: string }[];
}

export interface ProposalOutcome {
  status: MatchResult['status'];
  optimal: boolean;
  meetups: number;
  proposed: number;
  gaps: number;
  reasons: MatchReason[];
}

/** Proposes engineers for the meetups of a horizon and shows the proposal for review. */
@Injectable()
export class MatchingService {
  private readonly logger = new Logger('Matching');

  constructor(
    private readonly repository: MatchingRepository,
    private readonly meetups: MeetupsService,
    private readonly engineers: EngineersService,
    private readonly demand: MeetupDemandService,
    private readonly productAreas: ProductAreasService,
  ) {}

  settings(): Promise<MatchingSettings> {
    return this.repository.settings();
  }

  async saveSettings(fields: Omit<MatchingSettings, 'id' | 'updatedAt'>): Promise<MatchingSettings> {
    if (fields.minEngineers > fields.maxEngineers) throw new BadRequestException(errorText('match.err.settings'));
    return this.repository.saveSettings(fields);
  }

  /** Staff's guess of what a meetup's attendees will ask about, used until they ask. */
  async setExpectedAreas(meetupId: number, productAreaIds: number[]): Promise<void> {
    await this.meetups.get(meetupId);
    const known = new Set((await this.productAreas.all()).map((a) => a.id));
    const unknown = productAreaIds.filter((id) => !known.has(id));
    if (unknown.length) throw new BadRequestException(errorText('match.err.unknownArea', { ids: unknown.join(', ') }));
    await this.repository.setExpectedAreas(meetupId, [...new Set(productAreaIds)]);
  }

  async expectedAreas(meetupIds: number[]): Promise<Map<number, number[]>> {
    return this.repository.expectedAreas(meetupIds);
  }

  /** Meetups not cancelled, starting from now to `weeks` ahead: the next cycles. */
  async horizon(weeks: number, now = new Date()): Promise<MeetupView[]> {
    const until = new Date(now.getTime() + weeks * 7 * DAY_MS);
    return (await this.meetups.between(now, until)).filter((m) => m.status !== 'held');
  }

  /**
   * Runs the matching over the horizon and stores the proposal: confirmed and pinned engineers stay,
   * excluded pairs stay out, every other proposal is replaced. Infeasible: nothing changes, and the
   * outcome says why.
   */
  async propose(weeks: number, now = new Date()): Promise<ProposalOutcome> {
    const meetups = await this.horizon(weeks, now);
    const ids = meetups.map((m) => m.id);
    const [settings, profiles, fixed, demand] = await Promise.all([
      this.repository.settings(),
      this.engineers.forMatching(),
      this.repository.fixedPairs(ids),
      this.demand.forMeetups(ids),
    ]);
    const months = [...new Set(meetups.map((m) => monthOf(m.startsAt)))];
    const prior = await this.repository.priorLoad(ids, months);
    const input = {
      engineers: profiles.map((e) => matchEngineer(e, settings)),
      meetups: meetups.map((m) => matchMeetup(m, demand.get(m.id) ?? [], settings)),
      fixed,
      prior,
      weights: { travel: settings.travelWeight },
      timeLimitMs: 5_000,
    };
    const started = Date.now();
    const result = matchEngineers(input);
    this.logger.log(
      `Matched ${input.engineers.length} engineers to ${ids.length} meetups in ${Date.now() - started} ms: ${result.status}`,
    );
    if (result.status !== 'proposed') {
      return {
        status: result.status,
        optimal: false,
        meetups: ids.length,
        proposed: 0,
        gaps: 0,
        reasons: result.reasons,
      };
    }
    await this.repository.transaction((manager) => this.repository.replaceProposals(manager, ids, result.pairs));
    return {
      status: 'proposed',
      optimal: result.optimal,
      meetups: ids.length,
      proposed: result.pairs.filter((p) => p.state === 'proposed').length,
      gaps: result.gaps.length,
      reasons: [],
    };
  }

  /** The horizon's meetups with their proposals, confirmations, exclusions and live coverage gaps. */
  async review(weeks: number, now = new Date()): Promise<ReviewMeetup[]> {
    const meetups = await this.horizon(weeks, now);
    const ids = meetups.map((m) => m.id);
    const [assignments, demand, profiles] = await Promise.all([
      this.repository.assignments(ids),
      this.demand.forMeetups(ids),
      this.engineers.forMatching(),
    ]);
    return meetups.map((meetup) => {
      const own = assignments.filter((a) => a.meetupId === meetup.id);
      const team = own.filter((a) => a.state !== 'excluded').map((a) => profiles.find((p) => p.id === a.engineerId));
      const areas = demand.get(meetup.id) ?? [];
      return {
        meetup,
        date: meetup.startsAt.slice(0, 10),
        demand: areas,
        assignments: own,
        gaps: uncovered(areas, team),
        candidates: profiles
          .filter((p) => !own.some((a) => a.engineerId === p.id))
          .map((p) => ({ id: p.id, engineerCode: p.engineerCode, name: p.name })),
      };
    });
  }
}

/** Areas with real demand that no engineer of the team knows. */
export function uncovered(areas: AreaDemand[], team: (EngineerView | undefined)[]): AreaDemand[] {
  return areas.filter(
    (a) => a.demand >= DEFAULT_WEIGHTS.realDemand && !team.some((e) => e?.productAreaIds.includes(a.id)),
  );
}

function matchEngineer(e: EngineerView, settings: MatchingSettings): MatchEngineer {
  return {
    id: e.id,
    label: `${e.engineerCode} ${e.name}`,
    homeCityId: e.homeCityId,
    homeCity: e.homeCity,
    areas: e.areaDepths,
    unavailable: e.unavailableDates,
    maxMeetupsPerMonth: e.maxMeetupsPerMonth ?? settings.maxMeetupsPerMonth,
    maxTripsPerMonth: e.maxTripsPerMonth ?? settings.maxTripsPerMonth,
  };
}

function matchMeetup(m: MeetupView, demand: AreaDemand[], settings: MatchingSettings): MatchMeetup {
  return {
    id: m.id,
    city: m.city,
    cityId: m.cityId,
    date: m.startsAt.slice(0, 10),
    demand: Object.fromEntries(demand.map((d) => [d.slug, d.demand])),
    minEngineers: settings.minEngineers,
    maxEngineers: settings.maxEngineers,
  };
}
