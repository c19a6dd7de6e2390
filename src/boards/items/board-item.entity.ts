import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../../accounts/account.entity';
import { Engineer } from '../../engineers/engineer.entity';
import { Meetup } from '../../meetups/meetup.entity';
import { Member } from '../../members/member.entity';
import { ProductArea } from '../../product-areas/product-area.entity';
import { STATUS_SQL_LIST } from './board-status';
import type { AuthorKind, BoardStatus, Moderation } from './board-status';

/**
 * A suggestion on the public board of its product area. `vote_count` moves in the same statement as
 * each vote row; the board's indexes (migration 1796303290490, partial and descending, which TypeORM
 * cannot describe) hold only listed items: approved and not merged.
 */
@Entity('board_items')
@Check('board_items_title_check', `btrim(title) <> '' AND length(title) <= 200`)
@Check('board_items_description_check', `length(description) <= 5000`)
@Check('board_items_author_kind_check', `author_kind IN ('member', 'staff', 'meetup')`)
@Check('board_items_author_check', `(author_kind = 'member') = (author_member_id IS NOT NULL)`)
@Check('board_items_source_check', `source IS NULL OR length(source) BETWEEN 1 AND 200`)
@Check('board_items_status_check', `status IN (${STATUS_SQL_LIST})`)
@Check('board_items_vote_count_check', `vote_count >= 0`)
@Check('board_items_merged_check', `(status = 'duplicate') = (merged_into_id IS NOT NULL)`)
@Check('board_items_moderation_check', `moderation IN ('pending', 'approved', 'rejected')`)
@Check('board_items_moderation_note_check', `length(moderation_note) <= 2000`)
@Index('board_items_top_idx', { synchronize: false })
@Index('board_items_newest_idx', { synchronize: false })
@Index('board_items_status_top_idx', { synchronize: false })
@Index('board_items_status_newest_idx', { synchronize: false })
@Index('board_items_status_changed_idx', { synchronize: false })
@Index('board_items_pending_idx', { synchronize: false })
@Index('board_items_author_member_id_idx', { synchronize: false })
export class BoardItem {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('integer')
  productAreaId!: number;

  @ManyToOne(() => ProductArea)
  @JoinColumn({ name: 'product_area_id', foreignKeyConstraintName: 'board_items_product_area_id_fkey' })
  productArea?: ProductArea;

  @Column('text')
  title!: string;

  /** The title as pg_trgm can compare it in a C-locale database (search-key.ts); board_item_search_keys holds its copy. */
  @Column('text', { default: '' })
  searchKey!: string;

  @Column('text', { default: '' })
  description!: string;

  @Column('text')
  authorKind!: AuthorKind;

  @Column('bigint', { nullable: true })
  authorMemberId!: string | null;

  @ManyToOne(() => Member)
  @JoinColumn({ name: 'author_member_id', foreignKeyConstraintName: 'board_items_author_member_id_fkey' })
  authorMember?: Member;

  @Column('integer', { nullable: true })
  authorAccountId!: number | null;

  @ManyToOne(() => Account)
  @JoinColumn({ name: 'author_account_id', foreignKeyConstraintName: 'board_items_author_account_id_fkey' })
  authorAccount?: Account;

  @Column('integer', { nullable: true })
  authorMeetupId!: number | null;

  @ManyToOne(() => Meetup)
  @JoinColumn({ name: 'author_meetup_id', foreignKeyConstraintName: 'board_items_author_meetup_id_fkey' })
  authorMeetup?: Meetup;

  @Column('text', { nullable: true })
  source!: string | null;

  @Column('text', { default: 'received' })
  status!: BoardStatus;

  @Column('integer', { nullable: true })
  handlerEngineerId!: number | null;

  @ManyToOne(() => Engineer)
  @JoinColumn({ name: 'handler_engineer_id', foreignKeyConstraintName: 'board_items_handler_engineer_id_fkey' })
  handlerEngineer?: Engineer;

  @Column('integer', { default: 0 })
  voteCount!: number;

  @Column('integer', { default: 0 })
  attendeeVoteCount!: number;

  @Column('bigint', { nullable: true })
  mergedIntoId!: string | null;

  @ManyToOne(() => BoardItem)
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'board_items_merged_into_id_fkey' })
  mergedInto?: BoardItem;

  @Column('text', { default: 'approved' })
  moderation!: Moderation;

  @Column('text', { default: '' })
  moderationNote!: string;

  @Column('timestamptz', { default: () => 'now()' })
  statusChangedAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}
