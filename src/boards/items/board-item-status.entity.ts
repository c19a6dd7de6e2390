import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../../accounts/account.entity';
import { Engineer } from '../../engineers/engineer.entity';
import { BoardMerge } from '../merges/board-merge.entity';
import { BoardRelease } from '../releases/board-release.entity';
import { BoardItem } from './board-item.entity';
import { STATUS_SQL_LIST } from './board-status';
import type { BoardStatus } from './board-status';

/**
 * One status change of a board item. Append-only: a trigger (migration 1796303290490) refuses
 * UPDATE, DELETE and TRUNCATE; a note is required for declined, duplicate and shipped (a CHECK).
 */
@Entity('board_item_statuses')
@Check('board_item_statuses_status_check', `status IN (${STATUS_SQL_LIST})`)
@Check('board_item_statuses_note_check', `length(note) <= 2000`)
@Index('board_item_statuses_item_id_idx', { synchronize: false })
export class BoardItemStatus {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('bigint')
  itemId!: string;

  @ManyToOne(() => BoardItem)
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'board_item_statuses_item_id_fkey' })
  item?: BoardItem;

  @Column('text')
  status!: BoardStatus;

  @Column('integer', { nullable: true })
  engineerId!: number | null;

  @ManyToOne(() => Engineer)
  @JoinColumn({ name: 'engineer_id', foreignKeyConstraintName: 'board_item_statuses_engineer_id_fkey' })
  engineer?: Engineer;

  /** The handler's public engineer ID as it was then. */
  @Column('text', { nullable: true })
  engineerCode!: string | null;

  @Column('integer', { nullable: true })
  accountId!: number | null;

  @ManyToOne(() => Account)
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'board_item_statuses_account_id_fkey' })
  account?: Account;

  @Column('text', { default: '' })
  note!: string;

  @Column('bigint', { nullable: true })
  releaseId!: string | null;

  @ManyToOne(() => BoardRelease)
  @JoinColumn({ name: 'release_id', foreignKeyConstraintName: 'board_item_statuses_release_id_fkey' })
  release?: BoardRelease;

  @Column('bigint', { nullable: true })
  mergeId!: string | null;

  @ManyToOne(() => BoardMerge)
  @JoinColumn({ name: 'merge_id', foreignKeyConstraintName: 'board_item_statuses_merge_id_fkey' })
  merge?: BoardMerge;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;
}
