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
  UpdateDateColumn,
} from 'typeorm';
import { Invitation } from '../invitations/core/invitation.entity';
import { ProductArea } from '../product-areas/product-area.entity';

/** An attendee's question for the engineers; each attendee has three slots. */
@Entity('questions')
@Unique('questions_invitation_id_slot_key', ['invitationId', 'slot'])
@Check('questions_slot_check', `slot BETWEEN 1 AND 3`)
@Check('questions_body_check', `btrim(body) <> '' AND length(body) <= 1000`)
@Check('questions_votes_check', `votes >= 0`)
@Index('questions_meetup_id_votes_idx', ['meetupId', 'votes', 'id'])
export class Question {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('integer')
  meetupId!: number;

  @Column('bigint')
  invitationId!: string;

  /** The pair (invitation, meetup) references the invitation, so a question always belongs to its asker's meetup. */
  @ManyToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'invitation_id', referencedColumnName: 'id', foreignKeyConstraintName: 'questions_invitation_fkey' },
    { name: 'meetup_id', referencedColumnName: 'meetupId', foreignKeyConstraintName: 'questions_invitation_fkey' },
  ])
  invitation?: Invitation;

  @Column('smallint')
  slot!: number;

  @Column('integer')
  productAreaId!: number;

  @ManyToOne(() => ProductArea)
  @JoinColumn({ name: 'product_area_id', foreignKeyConstraintName: 'questions_product_area_id_fkey' })
  productArea?: ProductArea;

  @Column('text')
  body!: string;

  @Column('integer', { default: 0 })
  votes!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
