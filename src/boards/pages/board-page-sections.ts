import { Injectable } from '@nestjs/common';
import type { Locale } from '../../common/locale';

/** Adds its part to a board page's model (e.g. `{ origins: … }`), read by that part's partial. */
export type BoardPageSection<K> = (key: K, locale: Locale) => Promise<Record<string, unknown>>;

/**
 * Hooks for the modules built on boards (the loop from meetups): they import this one, so the board
 * pages cannot call them; they add their parts here instead, as the meetup page's sections do. `item`
 * parts go on an item's page (where it came from), `mine` parts on a member's "my items".
 */
@Injectable()
export class BoardPageSections {
  private readonly item: BoardPageSection<string>[] = [];
  private readonly mine: BoardPageSection<string>[] = [];

  addToItem(section: BoardPageSection<string>): void {
    this.item.push(section);
  }

  addToMine(section: BoardPageSection<string>): void {
    this.mine.push(section);
  }

  async itemModel(itemId: string, locale: Locale): Promise<Record<string, unknown>> {
    return Object.assign({}, ...(await Promise.all(this.item.map((s) => s(itemId, locale))))) as Record<
      string,
      unknown
    >;
  }

  async mineModel(memberId: string, locale: Locale): Promise<Record<string, unknown>> {
    return Object.assign({}, ...(await Promise.all(this.mine.map((s) => s(memberId, locale))))) as Record<
      string,
      unknown
    >;
  }
}
