import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { BoardItemsService } from '../boards/items/board-items.service';
import type { Principal } from '../common/principal';
import { errorText } from '../common/strings';
import { itemTitle, meetupSource } from './loop-item-text';
import { LoopQuestionRow, LoopRepository } from './loop.repository';

/**
 * Question lineage: after a meetup, staff turn an attendee's question into a board item or link it to
 * an existing one. The asker and every up-voter then follow the item, so the board's digest tells them
 * when it is planned and when it ships. One item per question; each link is one transaction.
 */
@Injectable()
export class QuestionLineageService {
  constructor(
    private readonly repository: LoopRepository,
    private readonly items: BoardItemsService,
  ) {}

  questions(meetupId: number): Promise<LoopQuestionRow[]> {
    return this.repository.questions(meetupId);
  }

  /** A new item from the question (author: the meetup), followed by its asker and up-voters. */
  async createItem(questionId: string, by: Principal): Promise<{ itemId: string; followers: number }> {
    return this.repository.transaction(async (manager) => {
      const question = await this.open(manager, questionId);
      const [meetup] = await manager.query(
        `SELECT c.name AS city, c.time_zone AS "timeZone", m.starts_at AS "startsAt"
           FROM meetups m JOIN cities c ON c.id = m.city_id WHERE m.id = $1`,
        [question.meetupId],
      );
      const item = await this.items.createItem(
        {
          title: itemTitle(question.body),
          description: question.body,
          areaId: question.productAreaId,
          author: { kind: 'meetup', meetupId: question.meetupId },
          source: meetupSource(meetup.city, meetup.startsAt, meetup.timeZone),
        },
        manager,
      );
      await this.repository.link(manager, questionId, item.id, 'created', by.accountId);
      return { itemId: item.id, followers: await this.followers(manager, question, item.id) };
    });
  }

  /** The question joins an existing item; its asker and up-voters follow it. */
  async link(questionId: string, itemId: string, by: Principal): Promise<{ itemId: string; followers: number }> {
    return this.repository.transaction(async (manager) => {
      const question = await this.open(manager, questionId);
      await this.items.row(itemId, manager); // 404 when there is no such item
      await this.repository.link(manager, questionId, itemId, 'linked', by.accountId);
      return { itemId, followers: await this.followers(manager, question, itemId) };
    });
  }

  origins(itemId: string) {
    return this.repository.origins(itemId);
  }

  /** What became of everything the member suggested or asked at meetups ("my items"). */
  fromMember(memberId: string) {
    return this.repository.fromMember(memberId);
  }

  private async open(manager: Parameters<LoopRepository['question']>[0], questionId: string) {
    if (!/^\d{1,18}$/.test(questionId))
      throw new NotFoundException(errorText('loopQuestionMissing', { id: questionId }));
    const question = await this.repository.question(manager, questionId);
    if (!question) throw new NotFoundException(errorText('loopQuestionMissing', { id: questionId }));
    if (question.boardItemId)
      throw new ConflictException(errorText('loopQuestionLinked', { id: questionId, item: question.boardItemId }));
    return question;
  }

  private async followers(
    manager: Parameters<LoopRepository['question']>[0],
    question: LoopQuestionRow,
    itemId: string,
  ) {
    const asker = await this.items.follow(itemId, [question.askerId], 'asker', manager);
    const voters = (await this.repository.upVoters(manager, question.id)).filter((m) => m !== question.askerId);
    return asker + (await this.items.follow(itemId, voters, 'follower', manager));
  }
}
