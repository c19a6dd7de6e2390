import { CreateDateColumn, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Account } from '../../accounts/account.entity';
import { Meetup } from '../../meetups/meetup.entity';
import { Member } from '../../members/member.entity';

/** A member staff left out of a meetup's proposal: no later wave of that meetup invites them. */
@Entity('invitee_exclusions')
@Index('invitee_exclusions_member_id_idx', ['memberId'])
export class InviteeExclusion {
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'invitee_exclusions_pkey' })
  meetupId!: number;

  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'invitee_exclusions_pkey' })
  memberId!: string;

  @ManyToOne(() => Meetup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meetup_id', foreignKeyConstraintName: 'invitee_exclusions_meetup_id_fkey' })
  meetup?: Meetup;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'invitee_exclusions_member_id_fkey' })
  member?: Member;

  @Column('integer', { nullable: true })
  excludedBy!: number | null;

  @ManyToOne(() => Account, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'excluded_by', foreignKeyConstraintName: 'invitee_exclusions_excluded_by_fkey' })
  excludedByAccount?: Account | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
