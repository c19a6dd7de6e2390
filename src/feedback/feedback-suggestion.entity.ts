import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { ProductArea } from '../product-areas/product-area.entity';
import { FeedbackAnswer } from './feedback-answer.entity';

/** One of up to three suggestions in an answer, filed under a product area. */
@Entity('feedback_suggestions')
@Unique('feedback_suggestions_request_id_slot_key', ['requestId', 'slot'])
@Check('feedback_suggestions_slot_check', `slot BETWEEN 1 AND 3`)
@Check('feedback_suggestions_body_check', `btrim(body) <> '' AND length(body) <= 1000`)
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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
