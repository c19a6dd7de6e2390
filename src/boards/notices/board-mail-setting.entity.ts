import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Member } from '../../members/member.entity';

/** A member's board mail: unsubscribed (separately from invitations) and when their last digest went. */
@Entity('board_mail_settings')
export class BoardMailSetting {
  @PrimaryColumn('bigint')
  memberId!: string;

  @OneToOne(() => Member)
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'board_mail_settings_member_id_fkey' })
  member?: Member;

  @Column('timestamptz', { nullable: true })
  unsubscribedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  lastDigestAt!: Date | null;
}
