import { BadRequestException, HttpException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { errorText } from '../../common/strings';
import { Environment } from '../../config/environment';
import { BoardWebhooksService } from '../webhooks/board-webhooks.service';
import type { FollowReason } from '../votes/board-follower.entity';
import { BoardVotesRepository } from '../votes/board-votes.repository';
import { BoardArea, BoardAreas } from './board-areas';
import { BoardItemRow, BoardItemsRepository, BoardListRow, BoardSort, HistoryRow } from './board-items.repository';
import { BoardStatus, isBoardStatus } from './board-status';
import { searchKey } from './search-key';

export interface BoardItemAuthor {
  kind: 'member' | 'staff' | 'meetup';
  memberId?: string;
  accountId?: number;
  meetupId?: number;
}

export interface NewBoardItem {
  title: string;
  description?: string;
  areaId: number;
  author: BoardItemAuthor;
  /** Where it came from, for the caller's own bookkeeping ("feedback:123"); up to 200 characters. */
  source?: string;
}

export interface BoardPage {
  area: BoardArea;
  sort: BoardSort;
  status: BoardStatus | null;
  page: number;
  pages: number;
  total: number;
  items: BoardListRow[];
}

export interface BoardItemDetail extends BoardItemRow {
  area: BoardArea;
  history: HistoryRow[];
}

export const BOARD_PAGE_SIZE = 20;
const SIMILAR_LIMIT = 5;
const POSTING_WINDOW_SECONDS = 3600;

/**
 * Board items: posting (with moderation of a new member's first items and a per-member limit), reading
 * boards and items, similar items, following. Status changes, merges and votes have services of their own.
 * The feedback module calls createItem, follow and findSimilar.
 */
@Injectable()
export class BoardItemsService {
  constructor(
    private readonly env: Environment,
    private readonly dataSource: DataSource,
    private readonly items: BoardItemsRepository,
    private readonly votes: BoardVotesRepository,
    private readonly areas: BoardAreas,
    private readonly webhooks: BoardWebhooksService,
  ) {}

  /**
   * Posts an item, in `manager`'s transaction when given (the caller's change and the item commit together).
   * A member's items wait for moderation until one of theirs has been approved; staff's and meetups' items
   * are listed at once. The author (a member) follows the item.
   */
  async createItem(input: NewBoardItem, manager?: EntityManager): Promise<BoardItemRow> {
    const title = (input.title ?? '').trim();
    const description = (input.description ?? '').trim();
    if (!title || title.length > 200) throw new BadRequestException(errorText('boardTitleRequired'));
    if (description.length > 5000) throw new BadRequestException(errorText('boardDescriptionTooLong'));
    const area = await this.areas.byId(input.areaId);
    const author = this.checkedAuthor(input.author);
    const work = async (tx: EntityManager) => {
      let moderation: 'approved' | 'pending' = 'approved';
      if (author.memberId) {
        const posted = await this.items.postedSince(tx, author.memberId, POSTING_WINDOW_SECONDS);
        if (posted >= this.env.BOARD_POSTS_PER_HOUR)
          throw new HttpException(
            errorText('boardPostLimit', { limit: String(this.env.BOARD_POSTS_PER_HOUR) }),
            HttpStatus.TOO_MANY_REQUESTS,
          );
        if ((await this.items.approvedByAuthor(tx, author.memberId)) === 0) moderation = 'pending';
      }
      const id = await this.items.insert(tx, {
        areaId: area.id,
        title,
        searchKey: searchKey(title),
        description,
        authorKind: author.kind,
        authorMemberId: author.memberId ?? null,
        authorAccountId: author.accountId ?? null,
        authorMeetupId: author.meetupId ?? null,
        source: input.source?.trim().slice(0, 200) || null,
        moderation,
      });
      await this.items.appendHistory(tx, {
        itemId: id,
        status: 'received',
        engineerId: null,
        accountId: author.accountId ?? null,
        note: '',
      });
      if (author.memberId) await this.votes.follow(tx, id, [author.memberId], 'author');
      const row = (await this.items.find(id, tx))!;
      if (moderation === 'approved') await this.webhooks.queue(tx, 'item.created', row, area.slug);
      return row;
    };
    const row = manager ? await work(manager) : await this.dataSource.transaction(work);
    if (!manager) this.webhooks.wake();
    return row;
  }

  /** Adds followers who hear about the item's milestones (attendees who asked about it, say). Returns how many are new. */
  async follow(itemId: string, memberIds: string[], reason: FollowReason, manager?: EntityManager): Promise<number> {
    const ids = [...new Set(memberIds)].filter((m) => /^\d{1,18}$/.test(m));
    if (ids.length === 0) return 0;
    const work = async (tx: EntityManager) => {
      if (!(await this.items.find(itemId, tx))) throw this.missing(itemId);
      return this.votes.follow(tx, itemId, ids, reason);
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /** Listed items whose titles resemble `text` (in either language), best first. */
  async findSimilar(text: string, areaId?: number | null): Promise<BoardListRow[]> {
    const key = searchKey(text ?? '');
    if (key.replace(/\s/g, '').length < 3) return [];
    return this.items.similar(key, areaId ?? null, SIMILAR_LIMIT);
  }

  async board(slug: string, sort: BoardSort, status: string | null, page: number): Promise<BoardPage> {
    const area = await this.areas.bySlug(slug);
    const filter = isBoardStatus(status) ? status : null;
    const total = await this.items.count(area.id, filter);
    const pages = Math.max(1, Math.ceil(total / BOARD_PAGE_SIZE));
    const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
    const items = await this.items.page(area.id, sort, filter, BOARD_PAGE_SIZE, (current - 1) * BOARD_PAGE_SIZE);
    return { area, sort, status: filter, page: current, pages, total, items };
  }

  /** Every board with its listed items per status. */
  async boards(): Promise<(BoardArea & { total: number; byStatus: Partial<Record<BoardStatus, number>> })[]> {
    const [areas, counts] = await Promise.all([this.areas.all(), this.items.countsByArea()]);
    return areas.map((area) => {
      const mine = counts.filter((c) => c.areaId === area.id);
      return {
        ...area,
        total: mine.reduce((sum, c) => sum + c.n, 0),
        byStatus: Object.fromEntries(mine.map((c) => [c.status, c.n])),
      };
    });
  }

  /** An item as anyone may see it; one waiting for moderation or declined by it only to its author and staff. */
  async item(id: string, viewer: { memberId?: string; staff?: boolean } = {}): Promise<BoardItemDetail> {
    if (!/^\d{1,18}$/.test(id)) throw this.missing(id);
    // Both at once: the history needs only the id (and is not shown when the item is not the viewer's to see).
    const [row, history] = await Promise.all([this.items.find(id), this.items.history(id)]);
    if (!row) throw this.missing(id);
    const own = viewer.memberId !== undefined && row.authorMemberId === viewer.memberId;
    if (row.moderation !== 'approved' && !own && !viewer.staff) throw this.missing(id);
    return { ...row, area: await this.areas.byId(row.areaId), history };
  }

  /** The bare row (for services of this module). */
  async row(id: string, manager?: EntityManager): Promise<BoardItemRow> {
    const row = /^\d{1,18}$/.test(id) ? await this.items.find(id, manager) : null;
    if (!row) throw this.missing(id);
    return row;
  }

  byAuthor(memberId: string) {
    return this.items.byAuthor(memberId);
  }

  byStatus(statuses: BoardStatus[], areaIds: number[] | null, limit: number) {
    return this.items.byStatus(statuses, areaIds, limit);
  }

  missing(id: string): NotFoundException {
    return new NotFoundException(errorText('boardItemMissing', { id: String(id).slice(0, 20) }));
  }

  private checkedAuthor(author: BoardItemAuthor): BoardItemAuthor {
    const ok =
      (author?.kind === 'member' && /^\d{1,18}$/.test(author.memberId ?? '')) ||
      (author?.kind === 'staff' && Number.isInteger(author.accountId)) ||
      (author?.kind === 'meetup' && Number.isInteger(author.meetupId));
    if (!ok) throw new BadRequestException(errorText('boardAuthorInvalid'));
    return author;
  }
}
