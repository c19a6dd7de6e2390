import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface SuggestionRow {
  id: string;
  requestId: string;
  slot: number;
  productAreaId: number;
  body: string;
  boardItemId: string | null;
  outcome: 'posted' | 'voted' | 'linked' | null;
  memberId: string;
  meetupId: number;
  city: string;
  timeZone: string;
  startsAt: Date;
}

const COLUMNS = `s.id::text AS id, s.request_id::text AS "requestId", s.slot, s.product_area_id AS "productAreaId", s.body,
  s.board_item_id::text AS "boardItemId", s.outcome, i.member_id::text AS "memberId", f.meetup_id AS "meetupId",
  c.name AS city, c.time_zone AS "timeZone", m.starts_at AS "startsAt"`;
const FROM = `feedback_suggestions s
  JOIN feedback_requests f ON f.id = s.request_id
  JOIN invitations i ON i.id = f.invitation_id
  JOIN meetups m ON m.id = f.meetup_id
  JOIN cities c ON c.id = m.city_id`;

/** The SQL of suggestions becoming board items: which wait, and the link once made. */
@Injectable()
export class SuggestionItemsRepository {
  constructor(readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** A request's suggestions, by slot (feedback_suggestions_request_id_slot_key). */
  ofRequest(requestId: string, manager?: EntityManager): Promise<SuggestionRow[]> {
    return (manager ?? this.dataSource).query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE s.request_id = $1 ORDER BY s.slot`,
      [requestId],
    );
  }

  /** One suggestion, locked (its primary key), for a change of its link. */
  async lock(
    manager: EntityManager,
    where: 'id' | 'slot',
    value: string,
    requestId?: string,
  ): Promise<SuggestionRow | undefined> {
    const [row] = await manager.query(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE ${where === 'id' ? 's.id = $1' : 's.request_id = $2 AND s.slot = $1'}
          FOR UPDATE OF s`,
      where === 'id' ? [value] : [value, requestId],
    );
    return row as SuggestionRow | undefined;
  }

  async link(manager: EntityManager, suggestionId: string, itemId: string, outcome: 'posted' | 'voted' | 'linked') {
    await manager.query(`UPDATE feedback_suggestions SET board_item_id = $2, outcome = $3 WHERE id = $1`, [
      suggestionId,
      itemId,
      outcome,
    ]);
  }
}
