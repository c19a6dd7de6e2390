import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../../members/member.entity';
import { BoardItem } from '../items/board-item.entity';

/** A milestone one member is to hear about in their next daily digest; `digestKey` marks the digest that took it. */
@Entity('board_notices')
@Check('board_notices_status_check', `status IN ('planned', 'shipped', 'declined')`)
@Index('board_notices_waiting_idx', { synchronize: false })
export class BoardNotice {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('bigint')
  memberId!: string;

  @ManyToOne(() => Member)
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'board_notices_member_id_fkey' })
  member?: Member;

  @Column('bigint')
  itemId!: string;

  @ManyToOne(() => BoardItem)
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'board_notices_item_id_fkey' })
  item?: BoardItem;

  @Column('text')
  status!: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('text', { nullable: true })
  digestKey!: string | null;
}
