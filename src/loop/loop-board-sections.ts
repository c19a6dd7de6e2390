import { Injectable, OnModuleInit } from '@nestjs/common';
import { BoardPageSections } from '../boards/pages/board-page-sections';
import { QuestionLineageService } from './question-lineage.service';

/**
 * The loop's parts of the board pages: on an item, "asked at 3 meetups by 17 fans"
 * (views/partials/boards/item-origins.hbs); on a member's "my items", what became of everything they
 * suggested or asked at meetups (views/partials/boards/mine-from-meetups.hbs).
 */
@Injectable()
export class LoopBoardSections implements OnModuleInit {
  constructor(
    private readonly sections: BoardPageSections,
    private readonly lineage: QuestionLineageService,
  ) {}

  onModuleInit(): void {
    this.sections.addToItem(async (itemId) => {
      const origins = await this.lineage.origins(itemId);
      return { origins: origins.meetups > 0 ? { count: origins.meetups, fans: origins.fans } : null };
    });
    this.sections.addToMine(async (memberId) => ({
      fromMeetups: (await this.lineage.fromMember(memberId)).map((r) => ({
        ...r,
        kindKey: `loop.mine.${r.kind}`,
        statusKey: r.itemStatus ? `boards.status.${r.itemStatus}` : null,
      })),
    }));
  }
}
