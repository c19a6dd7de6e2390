import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { BoardItem } from '../boards/items/board-item.entity';
import { ProductArea } from '../product-areas/product-area.entity';
import { FeedbackAnswer } from './feedback-answer.entity';

/**
 * One of up to three suggestions in an answer, filed under a product area. Once it is on the board
 * (`boardItemId`) it stays as it is: posted as the member's item, a vote for a similar item they chose
 * instead, or linked by staff to an item that already says it.
 */
@Entity('feedback_suggestions')
@Unique('feedback_suggestions_request_id_slot_key', ['requestId', 'slot'])
@Check('feedback_suggestions_slot_check', `slot BETWEEN 1 AND 3`)
@Check('feedback_suggestions_body_check', `btrim(body) <> '' AND length(body) <= 1000`)
@Check('feedback_suggestions_outcome_check', `outcome IN ('posted', 'voted', 'linked')`)
@Check('feedback_suggestions_outcome_item_check', `(outcome IS NULL) = (board_item_id IS NULL)`)
@Index('feedback_suggestions_board_item_id_idx', ['boardItemId'], { where: 'board_item_id IS NOT NULL' })
export class FeedbackSuggestion {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('bigint')
  requestId!: string;

  @ManyToOne(() => FeedbackAnswer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'feedback_suggestions_request_id_fkey' })
  answer?: FeedbackAnswer;

  @Column('smallint')
  slot!: number;

  @Column('integer')
  productAreaId!: number;

  @ManyToOne(() => ProductArea)
  @JoinColumn({ name: 'product_area_id', foreignKeyConstraintName: 'feedback_suggestions_product_area_id_fkey' })
  productArea?: ProductArea;

  @Column('text')
  body!: string;

  @Column('bigint', { nullable: true })
  boardItemId!: string | null;

  @ManyToOne(() => BoardItem, { nullable: true })
  @JoinColumn({ name: 'board_item_id', foreignKeyConstraintName: 'feedback_suggestions_board_item_id_fkey' })
  boardItem?: BoardItem | null;

  @Column('text', { nullable: true })
  outcome!: 'posted' | 'voted' | 'linked' | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
