import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { BoardItem } from './board-item.entity';

/**
 * An item's search key (search-key.ts) where votes do not rewrite it: a trigger on board_items copies
 * it (migration 1796315598162), and the trigram index similar items read lives here.
 */
@Entity('board_item_search_keys')
@Index('board_item_search_keys_trgm_idx', { synchronize: false })
export class BoardItemSearchKey {
  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'board_item_search_keys_pkey' })
  itemId!: string;

  @OneToOne(() => BoardItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'board_item_search_keys_item_id_fkey' })
  item?: BoardItem;

  @Column('text')
  searchKey!: string;
}
