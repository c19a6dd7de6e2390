import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Invitation } from './invitation.entity';

/** What happened to an invitation: page views, answers, offers, check-in. Staff read it; scanner flags come from it. */
@Entity('invitation_events')
@Check('invitation_events_kind_check', `kind ~ '^[a-z][a-z-]{0,39}$'`)
@Index('invitation_events_invitation_id_at_idx', ['invitationId', 'at'])
export class InvitationEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('bigint')
  invitationId!: string;

  @ManyToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitation_id', foreignKeyConstraintName: 'invitation_events_invitation_id_fkey' })
  invitation?: Invitation;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;

  @Column('text')
  kind!: string;

  @Column('jsonb', { default: {} })
  detail!: Record<string, unknown>;
}
