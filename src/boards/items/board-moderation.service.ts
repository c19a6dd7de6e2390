import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/principal';
import { errorText } from '../../common/strings';
import { BoardWebhooksService } from '../webhooks/board-webhooks.service';
import { BoardAccess } from './board-access';
import { BoardAreas } from './board-areas';
import { BoardItemRow, BoardItemsRepository } from './board-items.repository';
import { BoardItemsService } from './board-items.service';
import { searchKey } from './search-key';

/** Staff's moderation: approve or decline a new member's item, edit any item's words. */
@Injectable()
export class BoardModerationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly items: BoardItemsRepository,
    private readonly itemsService: BoardItemsService,
    private readonly access: BoardAccess,
    private readonly areas: BoardAreas,
    private readonly webhooks: BoardWebhooksService,
  ) {}

  pending(): Promise<BoardItemRow[]> {
    return this.items.pending();
  }

  async decide(itemId: string, decision: 'approve' | 'reject', actor: Principal, note = ''): Promise<BoardItemRow> {
    const item = await this.itemsService.row(itemId);
    await this.access.requireHandler(actor, item.areaId);
    const area = await this.areas.byId(item.areaId);
    const row = await this.dataSource.transaction(async (manager) => {
      await this.items.lock(manager, [itemId]);
      const current = (await this.items.find(itemId, manager))!;
      if (current.moderation !== 'pending') throw new ConflictException(errorText('boardNotPending', { id: itemId }));
      await this.items.setModeration(
        manager,
        itemId,
        decision === 'approve' ? 'approved' : 'rejected',
        note.trim().slice(0, 2000),
      );
      const after = (await this.items.find(itemId, manager))!;
      if (decision === 'approve') await this.webhooks.queue(manager, 'item.created', after, area.slug);
      return after;
    });
    this.webhooks.wake();
    return row;
  }

  async edit(itemId: string, fields: { title: string; description?: string }, actor: Principal): Promise<BoardItemRow> {
    const item = await this.itemsService.row(itemId);
    await this.access.requireHandler(actor, item.areaId);
    const title = (fields.title ?? '').trim();
    const description = (fields.description ?? item.description).trim();
    if (!title || title.length > 200) throw new BadRequestException(errorText('boardTitleRequired'));
    if (description.length > 5000) throw new BadRequestException(errorText('boardDescriptionTooLong'));
    await this.dataSource.transaction((manager) =>
      this.items.edit(manager, itemId, { title, searchKey: searchKey(title), description }),
    );
    return this.itemsService.row(itemId);
  }
}
