import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { BoardItem } from '../items/board-item.entity';
import { BoardRelease } from './board-release.entity';

/** An item a release ships. */
@Entity('board_release_items')
@Index('board_release_items_item_id_idx', { synchronize: false })
export class BoardReleaseItem {
  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'board_release_items_pkey' })
  releaseId!: string;

  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'board_release_items_pkey' })
  itemId!: string;

  @ManyToOne(() => BoardRelease, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'release_id', foreignKeyConstraintName: 'board_release_items_release_id_fkey' })
  release?: BoardRelease;

  @ManyToOne(() => BoardItem)
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'board_release_items_item_id_fkey' })
  item?: BoardItem;
}
