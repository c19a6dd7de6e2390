import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../../accounts/account.entity';
import { Engineer } from '../../engineers/engineer.entity';
import { BoardItem } from '../items/board-item.entity';
import type { BoardStatus } from '../items/board-status';

/**
 * A duplicate merged into another item. Votes and followers it moved carry its id (`via_merge_id`),
 * and it keeps the duplicate's status and handler, so an undo puts back exactly what was.
 */
@Entity('board_merges')
@Check('board_merges_previous_status_check', `previous_status <> 'duplicate'`)
@Check('board_merges_items_check', `item_id <> into_item_id`)
@Index('board_merges_live_item_id_key', { synchronize: false })
@Index('board_merges_into_item_id_idx', { synchronize: false })
export class BoardMerge {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('bigint')
  itemId!: string;

  @ManyToOne(() => BoardItem)
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'board_merges_item_id_fkey' })
  item?: BoardItem;

  @Column('bigint')
  intoItemId!: string;

  @ManyToOne(() => BoardItem)
  @JoinColumn({ name: 'into_item_id', foreignKeyConstraintName: 'board_merges_into_item_id_fkey' })
  intoItem?: BoardItem;

  @Column('text')
  previousStatus!: BoardStatus;

  @Column('integer', { nullable: true })
  previousHandlerEngineerId!: number | null;

  @ManyToOne(() => Engineer)
  @JoinColumn({
    name: 'previous_handler_engineer_id',
    foreignKeyConstraintName: 'board_merges_previous_handler_engineer_id_fkey',
  })
  previousHandlerEngineer?: Engineer;

  @Column('integer', { nullable: true })
  accountId!: number | null;

  @ManyToOne(() => Account)
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'board_merges_account_id_fkey' })
  account?: Account;

  @Column('timestamptz', { default: () => 'now()' })
  mergedAt!: Date;

  @Column('timestamptz', { nullable: true })
  undoneAt!: Date | null;

  @Column('integer', { nullable: true })
  undoneByAccountId!: number | null;

  @ManyToOne(() => Account)
  @JoinColumn({ name: 'undone_by_account_id', foreignKeyConstraintName: 'board_merges_undone_by_account_id_fkey' })
  undoneByAccount?: Account;
}
