import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/principal';
import { errorText } from '../../common/strings';
import { BoardAccess } from '../items/board-access';
import { BoardAreas } from '../items/board-areas';
import { BoardItemRow, BoardItemsRepository } from '../items/board-items.repository';
import { BoardItemsService } from '../items/board-items.service';
import { BoardWebhooksService } from '../webhooks/board-webhooks.service';
import { BoardMergesRepository } from './board-merges.repository';

/**
 * Merging a duplicate into the item it repeats, in one transaction: the duplicate's votes and followers
 * are copied over (a member who voted on both counts once), it becomes "duplicate" with a history entry
 * and points at the other item; an undo puts back exactly what the merge changed.
 */
@Injectable()
export class BoardMergesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly items: BoardItemsRepository,
    private readonly itemsService: BoardItemsService,
    private readonly merges: BoardMergesRepository,
    private readonly access: BoardAccess,
    private readonly areas: BoardAreas,
    private readonly webhooks: BoardWebhooksService,
  ) {}

  async merge(
    itemId: string,
    intoId: string,
    actor: Principal,
    note?: string,
  ): Promise<{ mergeId: string; itemId: string; intoItemId: string; moved: number }> {
    if (itemId === intoId) throw new BadRequestException(errorText('boardMergeSelf'));
    const [dup, into] = await Promise.all([this.itemsService.row(itemId), this.itemsService.row(intoId)]);
    await this.access.requireHandler(actor, dup.areaId);
    if (dup.areaId !== into.areaId) throw new BadRequestException(errorText('boardMergeAreas'));
    const area = await this.areas.byId(dup.areaId);
    const result = await this.dataSource.transaction(async (manager) => {
      await this.items.lock(manager, [itemId, intoId]);
      const [d, t] = [(await this.items.find(itemId, manager))!, (await this.items.find(intoId, manager))!];
      if (d.mergedIntoId !== null) throw new ConflictException(errorText('statusMerged'));
      if (t.mergedIntoId !== null) throw new ConflictException(errorText('boardMergeTargetMerged', { id: intoId }));
      const mergeId = await this.merges.insert(manager, {
        itemId,
        intoItemId: intoId,
        previousStatus: d.status,
        previousHandler: d.handlerEngineerId,
        accountId: actor.accountId,
      });
      const moved = await this.merges.moveVotes(manager, mergeId, itemId, intoId);
      await this.merges.moveFollowers(manager, mergeId, itemId, intoId);
      await this.items.setStatus(manager, itemId, 'duplicate', d.handlerEngineerId, intoId);
      await this.items.appendHistory(manager, {
        itemId,
        status: 'duplicate',
        engineerId: d.handlerEngineerId,
        accountId: actor.accountId,
        note: note?.trim() || `#${intoId} ${t.title}`.slice(0, 2000),
        mergeId,
      });
      const after: BoardItemRow = (await this.items.find(itemId, manager))!;
      await this.webhooks.queue(manager, 'item.merged', after, area.slug);
      return { mergeId, itemId, intoItemId: intoId, moved };
    });
    this.webhooks.wake();
    return result;
  }

  /** Undoes the live merge of this duplicate: its copies leave the target, its status and handler come back. */
  async undo(itemId: string, actor: Principal): Promise<BoardItemRow> {
    const dup = await this.itemsService.row(itemId);
    await this.access.requireHandler(actor, dup.areaId);
    return this.dataSource.transaction(async (manager) => {
      const merge = await this.merges.liveFor(manager, itemId);
      if (!merge) throw new ConflictException(errorText('boardMergeNone', { id: itemId }));
      await this.items.lock(manager, [itemId, merge.intoItemId]);
      const target = (await this.items.find(merge.intoItemId, manager))!;
      if (target.mergedIntoId !== null) throw new ConflictException(errorText('boardMergeTargetMoved'));
      await this.merges.takeBackVotes(manager, merge.id, merge.intoItemId);
      await this.merges.takeBackFollowers(manager, merge.id, merge.intoItemId);
      await this.merges.markUndone(manager, merge.id, actor.accountId);
      await this.items.setStatus(manager, itemId, merge.previousStatus, merge.previousHandlerEngineerId, null);
      await this.items.appendHistory(manager, {
        itemId,
        status: merge.previousStatus,
        engineerId: merge.previousHandlerEngineerId,
        accountId: actor.accountId,
        // Language-free, and never empty: the restored status may be one that needs a note.
        note: `↩ #${merge.intoItemId}`,
        mergeId: merge.id,
      });
      return (await this.items.find(itemId, manager))!;
    });
  }
}
