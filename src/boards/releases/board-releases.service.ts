import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/principal';
import { errorText } from '../../common/strings';
import { BoardAreas } from '../items/board-areas';
import { BoardItemsRepository } from '../items/board-items.repository';
import { BoardDigestsService } from '../notices/board-digests.service';
import { BoardWebhooksService } from '../webhooks/board-webhooks.service';
import { BoardReleasesRepository, ReleaseItemRow, ReleaseRow } from './board-releases.repository';

export interface ReleaseView extends ReleaseRow {
  items: ReleaseItemRow[];
}

/**
 * Staff write a release entry listing items; publishing it ships them in one transaction: each becomes
 * "shipped" with the release in its history (its title as the note), its people are told (one digest a
 * day per member) and the forum's webhook hears "item.shipped".
 */
@Injectable()
export class BoardReleasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly releases: BoardReleasesRepository,
    private readonly items: BoardItemsRepository,
    private readonly areas: BoardAreas,
    private readonly digests: BoardDigestsService,
    private readonly webhooks: BoardWebhooksService,
  ) {}

  async create(
    input: { title: string; releasedOn: string; itemIds: string[] },
    actor: Principal,
  ): Promise<ReleaseView> {
    const ids = [...new Set(input.itemIds.map((id) => id.trim()).filter((id) => /^\d{1,18}$/.test(id)))];
    if (ids.length === 0) throw new BadRequestException(errorText('boardReleaseEmpty'));
    const id = await this.dataSource.transaction(async (manager) => {
      const releaseId = await this.releases.insert(manager, input.title.trim(), input.releasedOn, actor.accountId);
      const refused = await this.releases.addItems(manager, releaseId, ids);
      if (refused.length > 0)
        throw new BadRequestException(
          errorText('boardReleaseItemsInvalid', { ids: refused.map((r) => `#${r}`).join(', ') }),
        );
      return releaseId;
    });
    return this.get(id);
  }

  async get(id: string): Promise<ReleaseView> {
    const release = /^\d{1,18}$/.test(id) ? await this.releases.find(id) : null;
    if (!release) throw new NotFoundException(errorText('boardReleaseMissing', { id: id.slice(0, 20) }));
    return { ...release, items: await this.releases.items([id]) };
  }

  async publish(id: string, actor: Principal): Promise<ReleaseView> {
    await this.get(id);
    const areas = await this.areas.all();
    await this.dataSource.transaction(async (manager) => {
      const release = (await this.releases.find(id, manager, true))!;
      if (release.publishedAt) throw new ConflictException(errorText('boardReleasePublished', { id }));
      const listed = await this.releases.items([id], manager);
      await this.items.lock(
        manager,
        listed.map((i) => i.id),
      );
      for (const entry of listed) {
        const item = (await this.items.find(entry.id, manager))!;
        // A merged item ships with the item it joined; one already shipped keeps its first release.
        if (item.mergedIntoId !== null || item.status === 'shipped') continue;
        await this.items.setStatus(manager, item.id, 'shipped', item.handlerEngineerId);
        await this.items.appendHistory(manager, {
          itemId: item.id,
          status: 'shipped',
          engineerId: item.handlerEngineerId,
          accountId: actor.accountId,
          note: release.title,
          releaseId: id,
        });
        await this.digests.milestone(manager, item.id, 'shipped');
        const after = (await this.items.find(item.id, manager))!;
        const slug = areas.find((a) => a.id === after.areaId)?.slug ?? '';
        await this.webhooks.queue(manager, 'item.shipped', after, slug, { id, title: release.title });
      }
      await this.releases.markPublished(manager, id);
    });
    this.webhooks.wake();
    return this.get(id);
  }

  /** Published releases with their items, newest first: the public changelog. */
  async changelog(limit = 50): Promise<ReleaseView[]> {
    return this.withItems(await this.releases.list(true, limit));
  }

  async drafts(limit = 50): Promise<ReleaseView[]> {
    return this.withItems(await this.releases.list(false, limit));
  }

  private async withItems(releases: ReleaseRow[]): Promise<ReleaseView[]> {
    const items = releases.length ? await this.releases.items(releases.map((r) => r.id)) : [];
    return releases.map((r) => ({ ...r, items: items.filter((i) => i.releaseId === r.id) }));
  }
}
