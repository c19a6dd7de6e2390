import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Account } from '../../accounts/account.entity';
import { Meetup } from '../../meetups/meetup.entity';
import { Member } from '../../members/member.entity';

export const INVITATION_STATES = ['pending', 'accepted', 'declined', 'waitlisted', 'expired', 'cancelled'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

/**
 * One member invited to one meetup. An open waitlist offer is a waitlisted
 * invitation with `offerExpiresAt` set: it holds a seat until then.
 */
@Entity('invitations')
@Unique('invitations_meetup_id_member_id_key', ['meetupId', 'memberId'])
@Unique('invitations_id_meetup_id_key', ['id', 'meetupId'])
@Unique('invitations_token_hash_key', ['tokenHash'])
@Check('invitations_state_check', `state IN ('pending', 'accepted', 'declined', 'waitlisted', 'expired', 'cancelled')`)
@Check('invitations_wave_check', `wave >= 1`)
@Check('invitations_calendar_sequence_check', `calendar_sequence >= 0`)
@Check('invitations_token_hash_check', `length(token_hash) = 32`)
@Check('invitations_token_nonce_check', `length(token_nonce) = 16`)
@Check('invitations_waitlist_check', `(state = 'waitlisted') = (waitlist_seq IS NOT NULL)`)
@Check('invitations_offer_check', `offer_expires_at IS NULL OR state = 'waitlisted'`)
@Check('invitations_checked_in_check', `checked_in_at IS NULL OR state = 'accepted'`)
@Check('invitations_no_show_check', `NOT no_show OR (state = 'accepted' AND checked_in_at IS NULL)`)
@Index('invitations_meetup_id_waitlist_seq_key', ['meetupId', 'waitlistSeq'], {
  unique: true,
  where: 'waitlist_seq IS NOT NULL',
})
@Index('invitations_meetup_id_state_idx', ['meetupId', 'state'])
@Index('invitations_member_id_idx', ['memberId'])
@Index('invitations_offer_expires_at_idx', ['offerExpiresAt'], { where: 'offer_expires_at IS NOT NULL' })
export class Invitation {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('integer')
  meetupId!: number;

  @ManyToOne(() => Meetup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meetup_id', foreignKeyConstraintName: 'invitations_meetup_id_fkey' })
  meetup?: Meetup;

  @Column('bigint')
  memberId!: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'invitations_member_id_fkey' })
  member?: Member;

  @Column('text', { default: 'pending' })
  state!: InvitationState;

  @Column('integer')
  wave!: number;

  /** The invitee score when invited; null when added by hand below the ranking. */
  @Column('integer', { nullable: true })
  score!: number | null;

  @Column('boolean', { default: false })
  addedByHand!: boolean;

  /** SHA-256 of the RSVP token; the token itself is never stored. */
  @Column('bytea')
  tokenHash!: Buffer;

  @Column('bytea')
  tokenNonce!: Buffer;

  @Column('timestamptz', { default: () => 'now()' })
  invitedAt!: Date;

  @Column('timestamptz', { nullable: true })
  answeredAt!: Date | null;

  @Column('integer', { nullable: true })
  waitlistSeq!: number | null;

  @Column('timestamptz', { nullable: true })
  offerExpiresAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  gaveUpSeatAt!: Date | null;

  /** An answer looked automated (a mail scanner); staff see why in the event log. */
  @Column('boolean', { default: false })
  suspect!: boolean;

  @Column('timestamptz', { nullable: true })
  checkedInAt!: Date | null;

  @Column('integer', { nullable: true })
  checkedInBy!: number | null;

  @ManyToOne(() => Account, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'checked_in_by', foreignKeyConstraintName: 'invitations_checked_in_by_fkey' })
  checkedInByAccount?: Account | null;

  @Column('boolean', { default: false })
  noShow!: boolean;

  /**
   * How many times an answer or a withdrawal sent this member a new version of their calendar
   * entry. The .ics SEQUENCE is the meetup's calendar_sequence plus this: both only grow, so every
   * version a member receives carries a higher SEQUENCE than the one before (decline → CANCEL,
   * accept again → a new PUBLISH that calendars do not ignore).
   */
  @Column('integer', { default: 0 })
  calendarSequence!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
