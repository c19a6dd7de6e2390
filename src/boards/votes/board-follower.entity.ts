import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Member } from '../../members/member.entity';
import { BoardItem } from '../items/board-item.entity';
import { BoardMerge } from '../merges/board-merge.entity';

export const FOLLOW_REASONS = ['author', 'voter', 'asker', 'follower'] as const;
export type FollowReason = (typeof FOLLOW_REASONS)[number];

/** A member who hears when the item reaches a milestone (besides its author and voters). */
@Entity('board_followers')
@Check('board_followers_reason_check', `reason IN ('author', 'voter', 'asker', 'follower')`)
@Index('board_followers_member_id_idx', { synchronize: false })
@Index('board_followers_via_merge_id_idx', { synchronize: false })
export class BoardFollower {
  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'board_followers_pkey' })
  itemId!: string;

  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'board_followers_pkey' })
  memberId!: string;

  @ManyToOne(() => BoardItem)
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'board_followers_item_id_fkey' })
  item?: BoardItem;

  @ManyToOne(() => Member)
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'board_followers_member_id_fkey' })
  member?: Member;

  @Column('text')
  reason!: FollowReason;

  @Column('bigint', { nullable: true })
  viaMergeId!: string | null;

  @ManyToOne(() => BoardMerge)
  @JoinColumn({ name: 'via_merge_id', foreignKeyConstraintName: 'board_followers_via_merge_id_fkey' })
  viaMerge?: BoardMerge;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;
}
