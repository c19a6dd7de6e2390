import { ConflictException, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { errorText } from '../../common/strings';
import { Environment } from '../../config/environment';
import { BoardItemsService } from '../items/board-items.service';
import { BoardVotesRepository, MyVoteRow } from './board-votes.repository';

/** The member a vote is from: `attended` is true once they checked in at a meetup. */
export interface Voter {
  memberId: string;
  attended: boolean;
}

/** One vote per member per item, withdrawable; the item's count moves in the same statement as the vote. */
@Injectable()
export class BoardVotesService {
  constructor(
    private readonly env: Environment,
    private readonly votes: BoardVotesRepository,
    private readonly items: BoardItemsService,
  ) {}

  /** Votes (a second vote changes nothing). Returns the item's vote count. */
  async vote(itemId: string, voter: Voter): Promise<{ voteCount: number; voted: true }> {
    const { voteCount } = await this.votes.vote(itemId, voter.memberId, voter.attended, this.env.BOARD_VOTES_PER_HOUR);
    if (voteCount !== null) return { voteCount, voted: true };
    return { voteCount: await this.explainNoChange(itemId, voter.memberId, true), voted: true };
  }

  async withdraw(itemId: string, voter: Voter): Promise<{ voteCount: number; voted: false }> {
    const { voteCount } = await this.votes.withdraw(itemId, voter.memberId);
    if (voteCount !== null) return { voteCount, voted: false };
    return { voteCount: await this.explainNoChange(itemId, voter.memberId, false), voted: false };
  }

  hasVoted(itemId: string, memberId: string): Promise<boolean> {
    return this.votes.hasVoted(itemId, memberId);
  }

  byMember(memberId: string): Promise<MyVoteRow[]> {
    return this.votes.byMember(memberId);
  }

  recount(itemId: string) {
    return this.votes.recount(itemId);
  }

  /**
   * Nothing changed: fine when the vote already was as asked (a double click); otherwise say why —
   * no such item, not votable, or the hourly limit.
   */
  private async explainNoChange(itemId: string, memberId: string, wanted: boolean): Promise<number> {
    const item = await this.items.row(itemId);
    if (item.moderation !== 'approved' || item.mergedIntoId !== null)
      throw new ConflictException(errorText('boardVoteRefused'));
    const has = await this.votes.hasVoted(itemId, memberId);
    if (has === wanted) return item.voteCount;
    throw new HttpException(
      errorText('boardVoteLimit', { limit: String(this.env.BOARD_VOTES_PER_HOUR) }),
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
