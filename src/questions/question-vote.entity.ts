import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Invitation } from '../invitations/core/invitation.entity';
import { Question } from './question.entity';

/** One attendee's up-vote on another attendee's question: once each. */
@Entity('question_votes')
@Index('question_votes_invitation_id_idx', ['invitationId'])
export class QuestionVote {
  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'question_votes_pkey' })
  questionId!: string;

  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'question_votes_pkey' })
  invitationId!: string;

  @ManyToOne(() => Question, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id', foreignKeyConstraintName: 'question_votes_question_id_fkey' })
  question?: Question;

  @ManyToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitation_id', foreignKeyConstraintName: 'question_votes_invitation_id_fkey' })
  invitation?: Invitation;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
