import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { BoardItemsService } from '../boards/items/board-items.service';
import type { Principal } from '../common/principal';
import { errorText } from '../common/strings';
import { meetupItem } from './loop-item-text';
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

  /** Staff's one action on a question, from the page and the API alike: join `itemId`, or a new item when none. */
  toBoardItem(
    questionId: string,
    itemId: string | undefined,
    by: Principal,
  ): Promise<{ itemId: string; followers: number }> {
    return itemId ? this.link(questionId, itemId, by) : this.createItem(questionId, by);
  }

  /** A new item from the question (author: the meetup), followed by its asker and up-voters. */
  private async createItem(questionId: string, by: Principal): Promise<{ itemId: string; followers: number }> {
    return this.repository.transaction(async (manager) => {
      const question = await this.open(manager, questionId);
      const meetup = await this.repository.meetupPlace(manager, question.meetupId);
      const item = await this.items.createItem(
        meetupItem(question.body, question.productAreaId, { kind: 'meetup', meetupId: question.meetupId }, meetup),
        manager,
      );
      await this.repository.link(manager, questionId, item.id, 'created', by.accountId);
      return { itemId: item.id, followers: await this.followers(manager, question, item.id) };
    });
  }

  /** The question joins an existing item; its asker and up-voters follow it. */
  private async link(
    questionId: string,
    itemId: string,
    by: Principal,
  ): Promise<{ itemId: string; followers: number }> {
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
