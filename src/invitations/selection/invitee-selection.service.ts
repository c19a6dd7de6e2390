import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { Environment } from '../../config/environment';
import type { Meetup } from '../../meetups/meetup.entity';
import { DEFAULT_INVITEE_SCORE, InviteeScoreSettings, reinviteCutoff, ScoreLine, scoreInvitee } from './invitee-score';
import { InviteeSelectionRepository, RankedMember, RankingScope } from './invitee-selection.repository';

/** A ranked member with the score explained line by line. */
export interface ScoredInvitee extends RankedMember {
  breakdown: ScoreLine[];
}

/**
 * Who to invite: the ranking from PostgreSQL, each member's score explained by `scoreInvitee` —
 * the same formula, so the breakdown staff read adds up to the total the ranking sorted by.
 */
@Injectable()
export class InviteeSelectionService {
  private readonly logger = new Logger('InviteeSelection');
  readonly settings: InviteeScoreSettings;

  constructor(
    private readonly repository: InviteeSelectionRepository,
    env: Environment,
  ) {
    this.settings = { ...DEFAULT_INVITEE_SCORE, reinviteWindowDays: env.REINVITE_WINDOW_DAYS };
  }

  /** The meetup (with its city) as the ranking needs it. */
  scope(meetup: Meetup): RankingScope {
    return {
      meetupId: meetup.id,
      cityId: meetup.cityId,
      meetupDate: DateTime.fromJSDate(meetup.startsAt, { zone: meetup.city!.timeZone }).toISODate()!,
      reinviteCutoff: reinviteCutoff(meetup.startsAt, this.settings),
    };
  }

  /** The top `limit` eligible members of the meetup's city, best first, explained. */
  async ranked(meetup: Meetup, limit: number, manager?: EntityManager): Promise<ScoredInvitee[]> {
    if (limit <= 0) return [];
    const rows = await this.repository.ranked(this.scope(meetup), limit, manager);
    return rows.map((row) => this.explained(meetup, row));
  }

  /** Members named by id (hand-picked), explained when the ranking would list them. */
  async byIds(meetup: Meetup, memberIds: string[], manager?: EntityManager) {
    const rows = await this.repository.byIds(this.scope(meetup), memberIds, manager);
    return rows.map((row) => ({
      ...row,
      breakdown: row.score === null ? [] : this.explained(meetup, row).breakdown,
    }));
  }

  excluded(meetupId: number, manager?: EntityManager) {
    return this.repository.excluded(meetupId, manager);
  }

  exclude(manager: EntityManager, meetupId: number, memberIds: string[], by: number | null) {
    return this.repository.exclude(manager, meetupId, memberIds, by);
  }

  include(manager: EntityManager, meetupId: number, memberIds: string[]) {
    return this.repository.include(manager, meetupId, memberIds);
  }

  private explained(meetup: Meetup, row: RankedMember): ScoredInvitee {
    const explained = scoreInvitee(row, this.scope(meetup).meetupDate, meetup.startsAt, this.settings);
    const breakdown = explained.included ? explained.breakdown : [];
    if (!explained.included || explained.total !== row.score) {
      // The SQL and the formula drifted apart: the ranking still holds, the explanation would not.
      this.logger.error(
        `Invitee score mismatch for member ${row.memberId} (meetup ${meetup.id}): SQL ${row.score}, formula ${explained.included ? explained.total : explained.reason}`,
      );
    }
    return { ...row, breakdown };
  }
}
