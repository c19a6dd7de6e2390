import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Member } from '../../members/member.entity';
import { BoardItem } from '../items/board-item.entity';
import { BoardMerge } from '../merges/board-merge.entity';

/** One member's vote on one item: once each (the primary key). `attended`: they had checked in at a meetup. */
@Entity('board_votes')
@Index('board_votes_member_id_created_at_idx', { synchronize: false })
@Index('board_votes_via_merge_id_idx', { synchronize: false })
export class BoardVote {
  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'board_votes_pkey' })
  itemId!: string;

  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'board_votes_pkey' })
  memberId!: string;

  @ManyToOne(() => BoardItem)
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'board_votes_item_id_fkey' })
  item?: BoardItem;

  @ManyToOne(() => Member)
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'board_votes_member_id_fkey' })
  member?: Member;

  @Column('boolean', { default: false })
  attended!: boolean;

  /** Set on a vote a merge copied here from the duplicate; the merge's undo removes exactly these. */
  @Column('bigint', { nullable: true })
  viaMergeId!: string | null;

  @ManyToOne(() => BoardMerge)
  @JoinColumn({ name: 'via_merge_id', foreignKeyConstraintName: 'board_votes_via_merge_id_fkey' })
  viaMerge?: BoardMerge;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;
}
