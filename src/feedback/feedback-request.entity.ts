import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Invitation } from '../invitations/core/invitation.entity';

/**
 * The feedback request one checked-in attendee got after a meetup: their personal link (only its
 * SHA-256 is stored; the token is derived from the nonce and APP_SECRET, as RSVP links are) and
 * when it was sent, reminded and answered.
 */
@Entity('feedback_requests')
@Unique('feedback_requests_invitation_id_key', ['invitationId'])
@Unique('feedback_requests_token_hash_key', ['tokenHash'])
@Check('feedback_requests_token_hash_check', `length(token_hash) = 32`)
@Check('feedback_requests_token_nonce_check', `length(token_nonce) = 16`)
@Check('feedback_requests_reminded_at_check', `reminded_at >= sent_at`)
@Check('feedback_requests_answered_at_check', `answered_at >= sent_at`)
@Index('feedback_requests_meetup_id_idx', ['meetupId'])
@Index('feedback_requests_unanswered_idx', ['sentAt'], { where: 'answered_at IS NULL AND reminded_at IS NULL' })
export class FeedbackRequest {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('integer')
  meetupId!: number;

  @Column('bigint')
  invitationId!: string;

  /** The pair (invitation, meetup) references the invitation, so a request always belongs to its attendee's meetup. */
  @ManyToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn([
    {
      name: 'invitation_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'feedback_requests_invitation_fkey',
    },
    {
      name: 'meetup_id',
      referencedColumnName: 'meetupId',
      foreignKeyConstraintName: 'feedback_requests_invitation_fkey',
    },
  ])
  invitation?: Invitation;

  @Column('bytea')
  tokenHash!: Buffer;

  @Column('bytea')
  tokenNonce!: Buffer;

  @Column('timestamptz')
  sentAt!: Date;

  @Column('timestamptz', { nullable: true })
  remindedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  answeredAt!: Date | null;
}
