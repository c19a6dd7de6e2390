import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { BoardItem } from '../boards/items/board-item.entity';
import { Question } from '../questions/question.entity';

/** An attendee's question and the board item that answers it: created from the question or linked to it. */
@Entity('question_board_items')
@Check('question_board_items_how_check', `how IN ('created', 'linked')`)
@Index('question_board_items_board_item_id_idx', ['boardItemId'])
export class QuestionBoardItem {
  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'question_board_items_pkey' })
  questionId!: string;

  @OneToOne(() => Question, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id', foreignKeyConstraintName: 'question_board_items_question_id_fkey' })
  question?: Question;

  @Column('bigint')
  boardItemId!: string;

  @ManyToOne(() => BoardItem)
  @JoinColumn({ name: 'board_item_id', foreignKeyConstraintName: 'question_board_items_board_item_id_fkey' })
  boardItem?: BoardItem;

  @Column('integer', { nullable: true })
  linkedBy!: number | null;

  @ManyToOne(() => Account, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'linked_by', foreignKeyConstraintName: 'question_board_items_linked_by_fkey' })
  linkedByAccount?: Account | null;

  @Column('text')
  how!: 'created' | 'linked';

  @Column('timestamptz', { default: () => 'now()' })
  linkedAt!: Date;
}
