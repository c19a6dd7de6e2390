import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/principal';
import { errorText, message } from '../../common/strings';
import { EngineersService } from '../../engineers/engineers.service';
import { BoardDigestsService } from '../notices/board-digests.service';
import { BoardWebhooksService } from '../webhooks/board-webhooks.service';
import { BoardAccess } from './board-access';
import { BoardAreas } from './board-areas';
import { BoardItemRow, BoardItemsRepository } from './board-items.repository';
import { BoardItemsService } from './board-items.service';
import { statusChangeRefusal } from './board-status';

export interface StatusChange {
  status: string;
  note?: string;
  /** Staff may name the handling engineer; an engineer who changes the status becomes the handler. */
  handlerEngineerId?: number | null;
}

/**
 * Engineers move the items of their product areas along the adoption ladder; staff move any item. Each
 * change appends to the item's history with the handler's public engineer ID and the note, tells the
 * people concerned at milestones and reports to the forum's webhook — all in one transaction.
 */
@Injectable()
export class BoardStatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly items: BoardItemsRepository,
    private readonly itemsService: BoardItemsService,
    private readonly access: BoardAccess,
    private readonly areas: BoardAreas,
    private readonly engineers: EngineersService,
    private readonly digests: BoardDigestsService,
    private readonly webhooks: BoardWebhooksService,
  ) {}

  async setStatus(itemId: string, change: StatusChange, actor: Principal): Promise<BoardItemRow> {
    const before = await this.itemsService.row(itemId);
    await this.access.requireHandler(actor, before.areaId);
    const handler = await this.handlerFor(before, change, actor);
    const note = (change.note ?? '').trim();
    if (note.length > 2000) throw new BadRequestException(errorText('boardDescriptionTooLong'));
    const area = await this.areas.byId(before.areaId);
    const row = await this.dataSource.transaction(async (manager) => {
      await this.items.lock(manager, [itemId]);
      const current = (await this.items.find(itemId, manager))!;
      const refusal = statusChangeRefusal(current.status, change.status, note);
      if (refusal) {
        const params = {
          status: refusal === 'statusSame' ? message(`boards.status.${current.status}`) : change.status.slice(0, 40),
        };
        const error = errorText(refusal, params);
        throw refusal === 'statusNoteRequired' || refusal === 'statusUnknown'
          ? new BadRequestException(error)
          : new ConflictException(error);
      }
      const to = change.status as typeof current.status;
      await this.items.setStatus(manager, itemId, to, handler);
      await this.items.appendHistory(manager, {
        itemId,
        status: to,
        engineerId: handler,
        accountId: actor.accountId,
        note,
      });
      await this.digests.milestone(manager, itemId, to);
      const after = (await this.items.find(itemId, manager))!;
      await this.webhooks.queue(manager, to === 'shipped' ? 'item.shipped' : 'item.status_changed', after, area.slug);
      return after;
    });
    this.webhooks.wake();
    return row;
  }

  /** Who handles the item after this change. */
  private async handlerFor(item: BoardItemRow, change: StatusChange, actor: Principal): Promise<number | null> {
    if (actor.role === 'engineer' && actor.engineerId !== null) return actor.engineerId;
    if (change.handlerEngineerId === undefined || change.handlerEngineerId === null) return item.handlerEngineerId;
    const engineer = await this.engineers.get(change.handlerEngineerId);
    if (!engineer.productAreaIds.includes(item.areaId))
      throw new BadRequestException(errorText('boardHandlerNotInArea', { code: engineer.engineerCode }));
    return engineer.id;
  }
}
