import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  CreateDateColumn,
  OneToOne,
} from 'typeorm';
import { Engineer } from '../engineers/engineer.entity';
import { Question } from '../questions/question.entity';

/** An engineer marked an attendee's question answered at the meetup, with a short note. */
@Entity('question_answers')
@Index('question_answers_engineer_id_idx', ['engineerId'])
@Check('question_answers_note_check', `length(note) <= 500`)
export class QuestionAnswer {
  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'question_answers_pkey' })
  questionId!: string;

  @OneToOne(() => Question, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id', foreignKeyConstraintName: 'question_answers_question_id_fkey' })
  question?: Question;

  @Column('integer')
  engineerId!: number;

  @ManyToOne(() => Engineer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'engineer_id', foreignKeyConstraintName: 'question_answers_engineer_id_fkey' })
  engineer?: Engineer;

  @Column('text', { default: '' })
  note!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  answeredAt!: Date;
}
