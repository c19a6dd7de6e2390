import { ConflictException, HttpException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BoardItemsService } from '../boards/items/board-items.service';
import { BoardVotesService } from '../boards/votes/board-votes.service';
import { errorText } from '../common/strings';
import { meetupItem } from '../loop/loop-item-text';
import { SuggestionItemsRepository, SuggestionRow } from './suggestion-items.repository';

/** A suggestion still waiting for its member's choice, with the similar items offered instead. */
export interface PendingSuggestion {
  slot: number;
  body: string;
  similar: { id: string; title: string; status: string; voteCount: number }[];
}

/**
 * Suggestions become board items: when the member saves, each new suggestion with nothing similar on
 * its board is posted at once (status received, the member its author, the meetup its source). One that
 * resembles listed items waits: the page offers those items first ("vote for this instead?") and the
 * member votes for one or posts theirs as new. Staff may do the same from the meetup's feedback page.
 */
@Injectable()
export class SuggestionItemsService {
  constructor(
    private readonly repository: SuggestionItemsRepository,
    private readonly items: BoardItemsService,
    private readonly votes: BoardVotesService,
  ) {}

  /** In the save's transaction: posts the new suggestions nothing resembles. */
  async postUnlike(manager: EntityManager, requestId: string): Promise<void> {
    for (const s of await this.repository.ofRequest(requestId, manager)) {
      if (s.boardItemId) continue;
      if ((await this.items.findSimilar(s.body, s.productAreaId)).length > 0) continue;
      try {
        await this.post(manager, s, 'posted');
      } catch (error) {
        // The board's posting limit: the suggestion waits (the page offers to post it) instead of losing the answer.
        if (!(error instanceof HttpException && error.getStatus() === HttpStatus.TOO_MANY_REQUESTS)) throw error;
      }
    }
  }

  /** The request's suggestions that wait for a choice, with what they resemble (a read: changes nothing). */
  async pending(requestId: string): Promise<PendingSuggestion[]> {
    const waiting = (await this.repository.ofRequest(requestId)).filter((s) => !s.boardItemId);
    return Promise.all(
      waiting.map(async (s) => ({
        slot: s.slot,
        body: s.body,
        similar: (await this.items.findSimilar(s.body, s.productAreaId)).map((i) => ({
          id: i.id,
          title: i.title,
          status: i.status,
          voteCount: i.voteCount,
        })),
      })),
    );
  }

  /** Links of a request's suggestions, for the page ("became item #12"). */
  async linked(requestId: string): Promise<Map<number, { itemId: string; outcome: string }>> {
    const rows = await this.repository.ofRequest(requestId);
    return new Map(
      rows.filter((s) => s.boardItemId).map((s) => [s.slot, { itemId: s.boardItemId!, outcome: s.outcome! }]),
    );
  }

  /** The member posts their waiting suggestion as a new item. */
  async postAsNew(requestId: string, slot: number): Promise<string> {
    return this.repository.transaction(async (manager) => {
      const s = await this.waiting(manager, 'slot', String(slot), requestId);
      return this.post(manager, s, 'posted');
    });
  }

  /** The member votes for a similar item instead; their suggestion counts towards that item. */
  async voteInstead(requestId: string, slot: number, itemId: string): Promise<string> {
    const found = await this.repository.transaction((manager) =>
      this.waiting(manager, 'slot', String(slot), requestId),
    );
    await this.votes.vote(itemId, { memberId: found.memberId, attended: true });
    await this.repository.transaction(async (manager) => {
      const s = await this.waiting(manager, 'slot', String(slot), requestId);
      await this.repository.link(manager, s.id, itemId, 'voted');
    });
    return itemId;
  }

  /** Staff post a waiting suggestion for its member (triage). */
  async postForMember(suggestionId: string): Promise<string> {
    return this.repository.transaction(async (manager) =>
      this.post(manager, await this.waiting(manager, 'id', suggestionId), 'posted'),
    );
  }

  /** Staff link a waiting suggestion to an existing item (a duplicate of it); its member follows the item. */
  async linkTo(suggestionId: string, itemId: string): Promise<string> {
    return this.repository.transaction(async (manager) => {
      const s = await this.waiting(manager, 'id', suggestionId);
      await this.items.row(itemId, manager);
      await this.repository.link(manager, s.id, itemId, 'linked');
      await this.items.follow(itemId, [s.memberId], 'follower', manager);
      return itemId;
    });
  }

  private async post(manager: EntityManager, s: SuggestionRow, outcome: 'posted'): Promise<string> {
    const item = await this.items.createItem(
      meetupItem(s.body, s.productAreaId, { kind: 'member', memberId: s.memberId }, s),
      manager,
    );
    await this.repository.link(manager, s.id, item.id, outcome);
    return item.id;
  }

  private async waiting(manager: EntityManager, where: 'id' | 'slot', value: string, requestId?: string) {
    const s = await this.repository.lock(manager, where, value, requestId);
    if (!s) throw new NotFoundException(errorText('loopSuggestionMissing'));
    if (s.boardItemId) throw new ConflictException(errorText('loopSuggestionLinked', { item: s.boardItemId }));
    return s;
  }
}
