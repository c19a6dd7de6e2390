import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { FeedbackRequest } from './feedback-request.entity';

/** An attendee's answer: overall rating 1–5, how likely to recommend 0–10, what was good. The last save wins. */
@Entity('feedback_answers')
@Check('feedback_answers_rating_check', `rating BETWEEN 1 AND 5`)
@Check('feedback_answers_recommend_check', `recommend BETWEEN 0 AND 10`)
@Check('feedback_answers_good_check', `length(good) <= 2000`)
export class FeedbackAnswer {
  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'feedback_answers_pkey' })
  requestId!: string;

  @OneToOne(() => FeedbackRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'feedback_answers_request_id_fkey' })
  request?: FeedbackRequest;

  @Column('smallint')
  rating!: number;

  @Column('smallint')
  recommend!: number;

  @Column('text', { default: '' })
  good!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
